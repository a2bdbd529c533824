import { maskPhone } from '@fengqiao/domain';
import type { Logger } from 'pino';
import { postJson } from './http';

export interface SmsMessage {
  phone: string;
  text: string;
  idempotencyKey: string;
}

/** An SMS gateway. Implementations throw on failure so the outbox retries. */
export interface SmsProvider {
  readonly name: string;
  send(msg: SmsMessage): Promise<void>;
}

/**
 * Development and test provider: records messages (phone masked in the log) instead of sending them.
 * `sent` keeps the last 500 in memory so tests and the developer can read them.
 */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log';
  readonly sent: SmsMessage[] = [];
  constructor(private readonly log: Logger) {}
  async send(msg: SmsMessage): Promise<void> {
    this.sent.push(msg);
    if (this.sent.length > 500) this.sent.shift();
    this.log.info(
      { to: maskPhone(msg.phone), text: msg.text, key: msg.idempotencyKey },
      'SMS (log provider)',
    );
  }
}

/** A JSON-over-HTTP gateway: `POST url { phone, text }` with a bearer token and an Idempotency-Key. */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}
  async send(msg: SmsMessage): Promise<void> {
    const headers: Record<string, string> = { 'idempotency-key': msg.idempotencyKey };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    await postJson(this.url, JSON.stringify({ phone: msg.phone, text: msg.text }), headers);
  }
}
