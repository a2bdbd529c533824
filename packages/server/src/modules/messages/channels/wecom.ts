import { checkRobotAnswer, postJson } from './http';

/** WeCom group robot (企业微信群机器人): the key in the webhook URL is the credential; no signature. */
export async function sendWeCom(
  webhook: string,
  msg: { title: string; text: string },
  idempotencyKey: string,
): Promise<void> {
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { content: `**${msg.title}**\n${msg.text}` },
  });
  checkRobotAnswer(await postJson(webhook, body, { 'idempotency-key': idempotencyKey }));
}
