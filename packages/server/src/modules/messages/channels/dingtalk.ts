import { createHmac } from 'node:crypto';
import { checkRobotAnswer, postJson } from './http';

/**
 * DingTalk custom robot signature (钉钉自定义机器人 加签): HmacSHA256 over `timestamp + "\n" + secret`
 * keyed with the secret, Base64, then URL-encoded into the `sign` parameter next to `timestamp` (ms).
 */
export function dingTalkSign(secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return encodeURIComponent(mac);
}

export function dingTalkUrl(webhook: string, secret: string | null, timestamp = Date.now()): string {
  if (!secret) return webhook;
  const sep = webhook.includes('?') ? '&' : '?';
  return `${webhook}${sep}timestamp=${timestamp}&sign=${dingTalkSign(secret, timestamp)}`;
}

export async function sendDingTalk(
  webhook: string,
  secret: string | null,
  msg: { title: string; text: string },
  idempotencyKey: string,
): Promise<void> {
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { title: msg.title, text: `#### ${msg.title}\n\n${msg.text}` },
  });
  checkRobotAnswer(await postJson(dingTalkUrl(webhook, secret), body, { 'idempotency-key': idempotencyKey }));
}
