/**
 * The phone's offline queue (issue #4): a report waits in IndexedDB with its photos until the network
 * returns, then goes out with the Idempotency-Key it was given when written, so a resend after a lost
 * answer never files it twice. Photos are uploaded first and their ids kept, so a retry does not
 * upload them again.
 */
import { ApiError, readCookie } from '@/shared/api/client';
import { currentLanguage } from '@/shared/i18n/language';
import { eventsApi, type ReportBody } from './api';

export interface QueuedReport {
  key: string;
  body: Omit<ReportBody, 'attachments'>;
  photos: { name: string; blob: Blob }[];
  uploaded: number[] | null;
  createdAt: string;
  lastError: string | null;
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

async function upload(photos: QueuedReport['photos']): Promise<number[]> {
  if (!photos.length) return [];
  const form = new FormData();
  for (const p of photos) form.append('file', p.blob, p.name);
  const headers: Record<string, string> = { 'accept-language': currentLanguage() === 'en' ? 'en' : 'zh-CN' };
  const csrf = readCookie('fq_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch('/api/v1/attachments', {
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
  return (data.items as { id: number }[]).map((f) => f.id);
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
            item.uploaded = await upload(item.photos);
            await queue.put(item);
          }
          await eventsApi.report({ ...item.body, attachments: item.uploaded }, item.key);
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

export async function enqueue(body: QueuedReport['body'], photos: File[]): Promise<QueuedReport> {
  const item: QueuedReport = {
    key: `ev-${crypto.randomUUID()}`,
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
