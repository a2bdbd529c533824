/**
 * One Server-Sent Events connection per tab to `GET /api/v1/stream` (case changes and notifications the
 * user may see, filtered by the server). Components subscribe to an event name; the connection opens with
 * the first subscriber and closes with the last. The browser reconnects by itself after a network drop.
 */
type Handler = (data: Record<string, unknown>) => void;

const handlers = new Map<string, Set<Handler>>();
let source: EventSource | null = null;

function dispatch(event: string, raw: string) {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(raw);
  } catch {
    return;
  }
  for (const h of handlers.get(event) ?? []) h(data);
}

function open() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/stream', { withCredentials: true });
  for (const name of ['case', 'notification', 'ready', 'expired']) {
    source.addEventListener(name, (e) => dispatch(name, (e as MessageEvent).data));
  }
  source.addEventListener('expired', () => close());
}

function close() {
  source?.close();
  source = null;
}

/** Subscribes to a live event (`case`, `notification`); returns the unsubscribe function. */
export function onLive(event: string, handler: Handler): () => void {
  let set = handlers.get(event);
  if (!set) {
    set = new Set();
    handlers.set(event, set);
  }
  set.add(handler);
  open();
  return () => {
    set.delete(handler);
    if ([...handlers.values()].every((s) => s.size === 0)) close();
  };
}
