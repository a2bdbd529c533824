import type { FastifyServerOptions } from 'fastify';
import { type Logger, pino } from 'pino';

/**
 * pino options shared by the server and scripts. Personal data and secrets are redacted wherever they
 * appear in a logged object (ID numbers, phones, passwords, tokens, cookies).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.csrfToken',
  '*.idNumber',
  '*.phone',
  '*.mobile',
  'password',
  'token',
  'idNumber',
  'phone',
];

export function loggerOptions(level: string, pretty: boolean): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[已脱敏]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}

/** A logger for work outside requests (job runner, deliveries), with the same redaction as the server's. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[已脱敏]' } });
}
