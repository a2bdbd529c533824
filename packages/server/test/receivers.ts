import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../src/modules/messages/channels/webhook';

export interface Received {
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Did the signature check out (true when the kind has none to check). */
  signed: boolean;
  answeredOk: boolean;
}

/**
 * A local stand-in for a DingTalk robot, a WeCom robot, a webhook subscriber or an SMS gateway on
 * 127.0.0.1. It checks signatures the way the real receiver documents them and can be told to fail.
 */
export async function startReceiver(
  kind: 'dingtalk' | 'wecom' | 'webhook' | 'sms',
  opts: { secret?: string; token?: string } = {},
) {
  const received: Received[] = [];
  const state = { failNext: 0, down: false };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      let signed = true;
      if (kind === 'dingtalk' && opts.secret) {
        // DingTalk: sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), within an hour.
        const ts = u.searchParams.get('timestamp') ?? '';
        const expected = createHmac('sha256', opts.secret).update(`${ts}\n${opts.secret}`).digest('base64');
        signed = u.searchParams.get('sign') === expected && Math.abs(Date.now() - Number(ts)) < 3_600_000;
      }
      if (kind === 'webhook' && opts.secret) {
        const ts = Number(req.headers['x-fengqiao-timestamp']);
        signed = verifyWebhookSignature(
          opts.secret,
          ts,
          raw,
          String(req.headers['x-fengqiao-signature'] ?? ''),
        );
      }
      if (kind === 'sms' && opts.token) signed = req.headers.authorization === `Bearer ${opts.token}`;
      const failing = state.down || state.failNext > 0;
      if (state.failNext > 0) state.failNext--;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw);
      } catch {}
      received.push({
        headers: req.headers,
        query: u.searchParams,
        body,
        signed,
        answeredOk: !failing && signed,
      });
      if (failing) {
        res.writeHead(503).end('down for maintenance');
      } else if (!signed) {
        res.writeHead(kind === 'dingtalk' ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            kind === 'dingtalk' || kind === 'wecom' ? { errcode: 0, errmsg: 'ok' } : { ok: true },
          ),
        );
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${kind === 'dingtalk' ? 'robot/send?access_token=test' : kind === 'wecom' ? 'cgi-bin/webhook/send?key=test' : kind}`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
