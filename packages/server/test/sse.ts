import { type ClientRequest, request } from 'node:http';

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** A minimal EventSource for tests: collects events and lets a test wait for one. */
export async function openStream(base: string, token: string) {
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let ended = false;
  let req: ClientRequest;
  const status = await new Promise<number>((resolve, reject) => {
    req = request(
      `${base}/api/v1/stream`,
      { headers: { authorization: token, accept: 'text/event-stream' } },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i = buf.indexOf('\n\n');
          while (i >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            i = buf.indexOf('\n\n');
            const ev = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!ev || !data) continue;
            const e = { event: ev, data: JSON.parse(data) };
            events.push(e);
            for (const w of [...waiters])
              if (w.pred(e)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(e);
              }
          }
        });
        res.on('end', () => {
          ended = true;
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
  return {
    status,
    events,
    ended: () => ended,
    waitFor(pred: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(
            new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.event))}`),
          );
        }, ms);
      });
    },
    close: () => req.destroy(),
  };
}
