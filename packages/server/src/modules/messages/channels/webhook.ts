import { createHmac, timingSafeEqual } from 'node:crypto';
import { postJson } from './http';

export const SIGNATURE_HEADER = 'x-fengqiao-signature';
export const TIMESTAMP_HEADER = 'x-fengqiao-timestamp';

/**
 * Signature of an outgoing webhook: hex HMAC-SHA256 over `timestamp + "." + body` with the subscriber's
 * secret, sent as `X-Fengqiao-Signature: sha256=<hex>` next to `X-Fengqiao-Timestamp` (seconds). Signing
 * the timestamp lets a receiver refuse replays older than a few minutes.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature header. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

export async function sendWebhook(
  url: string,
  secret: string | null,
  event: { id: string; type: string; occurredAt: string; title: string; text: string; data: unknown },
): Promise<void> {
  const body = JSON.stringify(event);
  const ts = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'idempotency-key': event.id,
    'x-fengqiao-event': event.type,
    [TIMESTAMP_HEADER]: String(ts),
  };
  if (secret) headers[SIGNATURE_HEADER] = webhookSignature(secret, ts, body);
  await postJson(url, body, headers);
}
