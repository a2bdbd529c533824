import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from environment variables only, validated once at boot: a wrong value stops the
 * server with a message that names the variable (issue #2).
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const key32 = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes, base64-encoded' });

const envSchema = z.object({
  PORT: int(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  FENGQIAO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    .optional(),
  DATABASE_POOL_SIZE: int(1, 500).default(16),
  FENGQIAO_DEMO: bool.default(true),
  FENGQIAO_GRID_CODE_WIDTH: int(2, 4).default(3),
  FENGQIAO_PUBLIC_URL: z.url().optional(),
  FENGQIAO_PII_KEY: key32.optional(),
  FENGQIAO_AUDIT_KEY: key32.optional(),
  FENGQIAO_BODY_LIMIT_KB: int(16, 1024 * 1024).default(1024),
  FENGQIAO_TRUST_PROXY: bool.default(false),
  FENGQIAO_ARGON2_MEMORY_KIB: int(1024, 4 * 1024 * 1024).default(19456),
  FENGQIAO_ARGON2_TIME: int(1, 20).default(2),
  FENGQIAO_SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  FENGQIAO_LOGIN_MAX_FAILURES: int(1, 100).default(5),
  FENGQIAO_LOGIN_LOCK_MINUTES: int(1, 24 * 60).default(30),
  FENGQIAO_WORKERS: bool.default(true),
  FENGQIAO_TILE_URL: z.string().optional(),
  FENGQIAO_ATTACHMENTS_DIR: z.string().min(1).optional(),
  FENGQIAO_UPLOAD_MAX_MB: int(1, 1024).default(20),
  FENGQIAO_IMPORT_MAX_MB: int(1, 64 * 1024).default(1024),
  FENGQIAO_IMPORT_WORKERS: int(0, 8).default(1),
  FENGQIAO_IMPORT_BATCH: int(1, 100_000).default(5000),
  FENGQIAO_SMS_PROVIDER: z.enum(['log', 'http']).default('log'),
  FENGQIAO_SMS_URL: z.url().optional(),
  FENGQIAO_SMS_TOKEN: z.string().optional(),
  FENGQIAO_DELIVERY_MAX_ATTEMPTS: int(1, 100).default(15),
  FENGQIAO_DOC_ORG_SHORT: z.string().min(1).max(8).default('示'),
  FENGQIAO_DOC_ISSUER: z.string().min(1).max(64).default('示范区社会治理综合指挥中心'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  poolSize: number;
  demo: boolean;
  gridCodeWidth: number;
  publicUrl: string;
  piiKey: string | undefined;
  auditKey: string | undefined;
  bodyLimit: number;
  trustProxy: boolean;
  argon2: { memoryCost: number; timeCost: number };
  security: { sessionIdleMinutes: number; loginMaxFailures: number; loginLockMinutes: number };
  workers: boolean;
  tileUrl: string | undefined;
  /** Where uploaded files live (content-addressed by SHA-256). */
  attachmentsDir: string;
  uploadMaxBytes: number;
  /** Largest registry import file (CSV/XLSX), streamed to disk, never held in memory. */
  importMaxBytes: number;
  /** Worker threads that parse and prepare (check, match, encrypt) a people import; 0 = on the main thread. */
  importWorkers: number;
  /** Rows per import chunk: one COPY + upsert transaction each (5,000 keeps a chunk ~3 MB). */
  importBatch: number;
  sms: { provider: 'log' | 'http'; url: string | undefined; token: string | undefined };
  /** Tries of an outgoing message (SMS, robots, webhooks) before it goes to the dead letters. */
  deliveryMaxAttempts: number;
  documentOrgShort: string;
  documentIssuer: string;
  logLevel: Env['LOG_LEVEL'];
  production: boolean;
}

export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; message: string; value: string | undefined }[]) {
    super(
      `配置错误 / Configuration error:\n${problems
        .map(
          (p) =>
            `  ${p.variable}: ${p.message}${p.value === undefined ? '' : ` (got ${JSON.stringify(p.value)})`}`,
        )
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as shells often export VAR= to clear a value.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const variable = String(i.path[0] ?? '?');
        return { variable, message: i.message, value: cleaned[variable] };
      }),
    );
  }
  const e = parsed.data;
  if (e.FENGQIAO_SMS_PROVIDER === 'http' && !e.FENGQIAO_SMS_URL) {
    throw new ConfigError([
      {
        variable: 'FENGQIAO_SMS_URL',
        message: 'is required when FENGQIAO_SMS_PROVIDER=http',
        value: undefined,
      },
    ]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.FENGQIAO_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    demo: e.FENGQIAO_DEMO,
    gridCodeWidth: e.FENGQIAO_GRID_CODE_WIDTH,
    publicUrl: (e.FENGQIAO_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    piiKey: e.FENGQIAO_PII_KEY,
    auditKey: e.FENGQIAO_AUDIT_KEY,
    bodyLimit: e.FENGQIAO_BODY_LIMIT_KB * 1024,
    trustProxy: e.FENGQIAO_TRUST_PROXY,
    argon2: { memoryCost: e.FENGQIAO_ARGON2_MEMORY_KIB, timeCost: e.FENGQIAO_ARGON2_TIME },
    security: {
      sessionIdleMinutes: e.FENGQIAO_SESSION_IDLE_MINUTES,
      loginMaxFailures: e.FENGQIAO_LOGIN_MAX_FAILURES,
      loginLockMinutes: e.FENGQIAO_LOGIN_LOCK_MINUTES,
    },
    workers: e.FENGQIAO_WORKERS,
    tileUrl: e.FENGQIAO_TILE_URL,
    attachmentsDir: resolve(e.FENGQIAO_ATTACHMENTS_DIR ?? `${e.FENGQIAO_DATA_DIR}/attachments`),
    uploadMaxBytes: e.FENGQIAO_UPLOAD_MAX_MB * 1024 * 1024,
    importMaxBytes: e.FENGQIAO_IMPORT_MAX_MB * 1024 * 1024,
    importWorkers: e.FENGQIAO_IMPORT_WORKERS,
    importBatch: e.FENGQIAO_IMPORT_BATCH,
    sms: { provider: e.FENGQIAO_SMS_PROVIDER, url: e.FENGQIAO_SMS_URL, token: e.FENGQIAO_SMS_TOKEN },
    deliveryMaxAttempts: e.FENGQIAO_DELIVERY_MAX_ATTEMPTS,
    documentOrgShort: e.FENGQIAO_DOC_ORG_SHORT,
    documentIssuer: e.FENGQIAO_DOC_ISSUER,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  };
}

/** The variables, their defaults and meaning: printed into the README's configuration table. */
export const CONFIG_DOC: { variable: string; default: string; zh: string; en: string }[] = [
  { variable: 'PORT', default: '3000', zh: 'HTTP 端口', en: 'HTTP port' },
  { variable: 'HOST', default: '0.0.0.0', zh: '监听地址', en: 'Listen address' },
  {
    variable: 'FENGQIAO_DATA_DIR',
    default: './data',
    zh: '数据目录（内嵌数据库、附件、密钥）',
    en: 'Data directory (embedded database, attachments, keys)',
  },
  {
    variable: 'DATABASE_URL',
    default: '（空：使用内嵌 PGlite）',
    zh: 'PostgreSQL 连接串',
    en: 'PostgreSQL URL; unset = embedded PGlite',
  },
  { variable: 'DATABASE_POOL_SIZE', default: '16', zh: '连接池大小', en: 'Connection pool size' },
  {
    variable: 'FENGQIAO_DEMO',
    default: 'true',
    zh: '空库时创建示范区演示数据',
    en: 'Create the demo district on an empty database',
  },
  {
    variable: 'FENGQIAO_GRID_CODE_WIDTH',
    default: '3',
    zh: '网格顺序码位数（2–4）',
    en: 'Digits of the grid sequence code (2–4)',
  },
  {
    variable: 'FENGQIAO_PUBLIC_URL',
    default: 'http://localhost:PORT',
    zh: '对外访问地址（二维码、链接）',
    en: 'Public base URL (QR codes, links)',
  },
  {
    variable: 'FENGQIAO_PII_KEY',
    default: '（数据目录中的密钥文件）',
    zh: '个人信息加密密钥，32 字节 base64',
    en: 'Personal-data key, 32 bytes base64; default: key file in the data directory',
  },
  {
    variable: 'FENGQIAO_AUDIT_KEY',
    default: '（数据目录中的密钥文件）',
    zh: '审计日志 HMAC 密钥，32 字节 base64',
    en: 'Audit-chain HMAC key, 32 bytes base64',
  },
  {
    variable: 'FENGQIAO_BODY_LIMIT_KB',
    default: '1024',
    zh: 'JSON 请求体上限（KB）',
    en: 'JSON body limit (KB)',
  },
  {
    variable: 'FENGQIAO_TRUST_PROXY',
    default: 'false',
    zh: '信任反向代理的 X-Forwarded-For',
    en: 'Trust X-Forwarded-For from a reverse proxy',
  },
  {
    variable: 'FENGQIAO_ARGON2_MEMORY_KIB',
    default: '19456',
    zh: 'argon2id 内存开销（KiB）',
    en: 'argon2id memory cost (KiB)',
  },
  { variable: 'FENGQIAO_ARGON2_TIME', default: '2', zh: 'argon2id 迭代次数', en: 'argon2id time cost' },
  {
    variable: 'FENGQIAO_SESSION_IDLE_MINUTES',
    default: '30',
    zh: '会话空闲超时（分钟）',
    en: 'Idle session timeout (minutes)',
  },
  {
    variable: 'FENGQIAO_LOGIN_MAX_FAILURES',
    default: '5',
    zh: '连续登录失败锁定阈值',
    en: 'Failed sign-ins before the account locks',
  },
  {
    variable: 'FENGQIAO_LOGIN_LOCK_MINUTES',
    default: '30',
    zh: '账户锁定时长（分钟）',
    en: 'Lock duration (minutes)',
  },
  {
    variable: 'FENGQIAO_WORKERS',
    default: 'true',
    zh: '本进程运行定时器与投递任务',
    en: 'Run timers and delivery workers in this process',
  },
  {
    variable: 'FENGQIAO_TILE_URL',
    default: '（空：纯 GeoJSON 离线地图）',
    zh: '底图瓦片地址（如天地图）',
    en: 'Optional base-map tile URL (e.g. 天地图)',
  },
  {
    variable: 'FENGQIAO_ATTACHMENTS_DIR',
    default: '（数据目录/attachments）',
    zh: '附件存储目录（按 SHA-256 内容寻址）',
    en: 'Attachment store (content-addressed by SHA-256); default <data dir>/attachments',
  },
  {
    variable: 'FENGQIAO_UPLOAD_MAX_MB',
    default: '20',
    zh: '单个附件大小上限（MB）',
    en: 'Largest upload (MB)',
  },
  {
    variable: 'FENGQIAO_IMPORT_MAX_MB',
    default: '1024',
    zh: '基础数据导入文件大小上限（MB）',
    en: 'Largest registry import file (MB)',
  },
  {
    variable: 'FENGQIAO_IMPORT_WORKERS',
    default: '1',
    zh: '人口导入的解析与加密工作线程数（0 为在主线程处理）',
    en: 'Worker threads that parse and encrypt a people import (0 = on the main thread)',
  },
  {
    variable: 'FENGQIAO_IMPORT_BATCH',
    default: '5000',
    zh: '导入每批行数（每批一次写入事务）',
    en: 'Rows per import chunk (one write transaction each)',
  },
  {
    variable: 'FENGQIAO_SMS_PROVIDER',
    default: 'log',
    zh: '短信通道：log（只记录，开发测试用）或 http（对接短信网关）',
    en: 'SMS provider: log (records only, for development) or http (a gateway)',
  },
  { variable: 'FENGQIAO_SMS_URL', default: '（空）', zh: 'HTTP 短信网关地址', en: 'HTTP SMS gateway URL' },
  {
    variable: 'FENGQIAO_SMS_TOKEN',
    default: '（空）',
    zh: '短信网关令牌（Bearer）',
    en: 'SMS gateway bearer token',
  },
  {
    variable: 'FENGQIAO_DELIVERY_MAX_ATTEMPTS',
    default: '15',
    zh: '短信、机器人、Webhook 投递重试次数上限，超过进入死信',
    en: 'Tries per outgoing message before it is dead-lettered',
  },
  {
    variable: 'FENGQIAO_DOC_ORG_SHORT',
    default: '示',
    zh: '文书编号机关代字',
    en: 'Short issuer name in document numbers',
  },
  {
    variable: 'FENGQIAO_DOC_ISSUER',
    default: '示范区社会治理综合指挥中心',
    zh: '默认发文机关',
    en: 'Default document issuer',
  },
  { variable: 'LOG_LEVEL', default: 'info', zh: '日志级别', en: 'Log level' },
];
