/**
 * The one HTTP client of the web app. The browser holds the session in an httpOnly cookie; unsafe
 * methods echo the readable `fq_csrf` cookie in `X-CSRF-Token` (ARCHITECTURE.md, Authentication).
 * Every failure becomes an `ApiError` carrying the server's `{ error: { code, message, details } }`,
 * whose message is already in the user's language.
 */
import { currentLanguage } from '../i18n/language';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field-level validation messages (`VALIDATION_FAILED`), if any. */
  get fieldErrors(): { path: string; message: string }[] {
    return Array.isArray(this.details)
      ? (this.details as { path?: unknown; message?: unknown }[])
          .filter((d) => typeof d?.message === 'string')
          .map((d) => ({ path: String(d.path ?? ''), message: String(d.message) }))
      : [];
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** `true` makes a fresh key; pass a string to reuse one across retries of the same submission. */
  idempotencyKey?: string | true;
  signal?: AbortSignal;
  /** Do not send the user to the login page on 401 (the login form and the first `/me` probe). */
  skipAuthRedirect?: boolean;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SESSION_GONE = new Set(['AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED']);

let onUnauthorized: ((err: ApiError) => void) | null = null;

/** Each app (console, phone) says where a lost session goes: its own login page. */
export function setUnauthorizedHandler(fn: (err: ApiError) => void): void {
  onUnauthorized = fn;
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLanguage() === 'en' ? 'en' : 'zh-CN',
  };
  const m = method.toUpperCase();
  if (UNSAFE.has(m)) {
    const csrf = readCookie('fq_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
    if (opts.idempotencyKey)
      headers['idempotency-key'] = opts.idempotencyKey === true ? newIdempotencyKey() : opts.idempotencyKey;
  }
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) {
    // A file sent as it is (e.g. a document copy to verify): its own type, no JSON encoding.
    headers['content-type'] = opts.body.type || 'application/octet-stream';
    body = opts.body;
  } else if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method: m,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', networkMessage());
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const err = new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? `HTTP ${res.status}`,
      e?.details,
    );
    if (res.status === 401 && SESSION_GONE.has(err.code) && !opts.skipAuthRedirect) onUnauthorized?.(err);
    throw err;
  }
  return data as T;
}

function networkMessage(): string {
  return currentLanguage() === 'en'
    ? 'Cannot reach the server; check the network'
    : '无法连接服务器，请检查网络';
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, 'query'> = {}) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
};
