/**
 * The phone's offline queue (issue #4): a report waits in IndexedDB with its photos until the network
 * returns, then goes out with the Idempotency-Key it was given when written, so a resend after a lost
 * answer never files it twice. Photos are uploaded first and their ids kept, so a retry does not
 * upload them again. A resident without an account queues the same way (`public`): the photos go to the
 * public upload with the phone number, and their ids come back with the tokens the report must carry.
 */
import { ApiError, readCookie } from '@/shared/api/client';
import { currentLanguage } from '@/shared/i18n/language';
import { eventsApi, type PublicReportBody, type ReportBody } from './api';

export interface QueuedReport {
  key: string;
  /** A resident without an account (the public page); otherwise the signed-in user's report. */
  public?: boolean;
  body: Omit<ReportBody, 'attachments'>;
  photos: { name: string; blob: Blob }[];
  uploaded: number[] | null;
  /** Public photos: the token per uploaded id that binds it to the phone number. */
  tokens?: string[];
  createdAt: string;
  lastError: string | null;
}

export interface SentPublicReport {
  trackingCode: string;
  phone: string;
  description: string;
  at: string;
}
const SENT_KEY = 'fq-public-reports';

/** Tracking codes of the resident's reports sent from this phone (newest first, at most 20). */
export function sentPublicReports(): SentPublicReport[] {
  try {
    return JSON.parse(localStorage.getItem(SENT_KEY) ?? '[]') as SentPublicReport[];
  } catch {
    return [];
  }
}
function rememberSent(r: SentPublicReport) {
  localStorage.setItem(SENT_KEY, JSON.stringify([r, ...sentPublicReports()].slice(0, 20)));
}

const DB = 'fq-events';
const STORE = 'reports';

function db(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function store<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error);
  });
}

export const queue = {
  list: () => store<QueuedReport[]>('readonly', (s) => s.getAll() as IDBRequest<QueuedReport[]>),
  put: (r: QueuedReport) => store('readwrite', (s) => s.put(r)),
  remove: (key: string) => store('readwrite', (s) => s.delete(key)),
};

async function upload(
  photos: QueuedReport['photos'],
  publicPhone?: string,
): Promise<{ id: number; token?: string }[]> {
  if (!photos.length) return [];
  const form = new FormData();
  if (publicPhone) form.append('phone', publicPhone);
  for (const p of photos) form.append('file', p.blob, p.name);
  const headers: Record<string, string> = { 'accept-language': currentLanguage() === 'en' ? 'en' : 'zh-CN' };
  const csrf = readCookie('fq_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(publicPhone ? '/api/v1/public/event-photos' : '/api/v1/attachments', {
    method: 'POST',
    body: form,
    headers,
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? `HTTP_${res.status}`,
      data?.error?.message ?? `HTTP ${res.status}`,
    );
  return data.items as { id: number; token?: string }[];
}

/** A refusal the server will repeat (bad input) stays in the queue with its message; a network failure just waits. */
const permanent = (e: unknown) =>
  e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429;

let running: Promise<number> | null = null;

/** Sends what is waiting; returns how many went out. */
export function flush(): Promise<number> {
  running ??= (async () => {
    let sent = 0;
    try {
      for (const item of await queue.list()) {
        try {
          if (item.uploaded === null) {
            const files = await upload(item.photos, item.public ? item.body.reporterPhone : undefined);
            item.uploaded = files.map((f) => f.id);
            item.tokens = files.map((f) => f.token ?? '');
            await queue.put(item);
          }
          if (item.public) {
            const body = item.body as PublicReportBody;
            const res = await eventsApi.publicReport(
              { ...body, photos: item.uploaded.map((id, i) => ({ id, token: item.tokens?.[i] ?? '' })) },
              item.key,
            );
            rememberSent({
              trackingCode: res.trackingCode,
              phone: body.reporterPhone,
              description: body.description,
              at: new Date().toISOString(),
            });
            lastSent.set(item.key, res.trackingCode);
          } else await eventsApi.report({ ...item.body, attachments: item.uploaded }, item.key);
          await queue.remove(item.key);
          sent++;
        } catch (e) {
          item.lastError = e instanceof Error ? e.message : String(e);
          await queue.put(item);
          if (!permanent(e)) break;
        }
      }
    } finally {
      running = null;
    }
    return sent;
  })();
  return running;
}

/** Tracking codes of public reports sent by this page's flushes, by queue key. */
export const lastSent = new Map<string, string>();

export async function enqueue(
  body: QueuedReport['body'],
  photos: File[],
  opts: { public?: boolean } = {},
): Promise<QueuedReport> {
  const item: QueuedReport = {
    key: `ev-${crypto.randomUUID()}`,
    ...(opts.public ? { public: true } : {}),
    body,
    photos: photos.map((f) => ({ name: f.name, blob: f })),
    uploaded: null,
    createdAt: new Date().toISOString(),
    lastError: null,
  };
  await queue.put(item);
  return item;
}

if (typeof window !== 'undefined') window.addEventListener('online', () => void flush());
