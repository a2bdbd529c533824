import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { percentile } from '../../../scripts/bench/kit';
import { boot, type Runtime } from '../src/boot';
import { loadConfig } from '../src/config';

/**
 * Helpers for benchmarks that need a database or the real server. Everything here talks to loopback
 * only, and every load loop is bounded in time.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A new, empty database on the PostgreSQL server of `baseUrl`, dropped by `drop()`. */
export async function freshDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `fq_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Environment for the server under test: default costs (argon2 included), quiet logs, no timers. */
export function serverEnv(dataDir: string, databaseUrl: string | null, extra: Record<string, string> = {}) {
  return {
    FENGQIAO_DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    LOG_LEVEL: 'warn',
    FENGQIAO_WORKERS: 'false',
    ...extra,
  };
}

/**
 * Boots in this process (migrate + demo district when empty), runs `fn` with the services, and stops:
 * the way to prepare data for a benchmark before the server under test starts on the same directory.
 */
export async function seedDatabase<T>(
  env: Record<string, string>,
  fn: (rt: Runtime) => Promise<T> = async () => undefined as T,
): Promise<T> {
  const runtime = await boot(loadConfig(env), { workers: false });
  try {
    return await fn(runtime);
  } finally {
    await runtime.stop();
  }
}

export interface RunningServer {
  url: string;
  /** Milliseconds from spawn until /api/health answered status ok. */
  readyMs: number;
  /** The server's own count, main() → listening ("Started in N ms" on its console), when it printed one. */
  startedInMs: number | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns the built server (`node packages/server/dist/main.js`) and waits until /api/health says ok. */
export async function startServer(
  root: string,
  env: Record<string, string>,
  opts: { timeoutMs?: number } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'packages/server/dist/main.js')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (opts.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    const ok = await fetch(`${url}/api/health`)
      .then(async (r) => r.ok && ((await r.json()) as { status?: string }).status === 'ok')
      .catch(() => false);
    if (ok) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${opts.timeoutMs ?? 180_000} ms: ${stderr.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - started;
  const own = /Started in (\d+) ms/.exec(stdout);
  return {
    url,
    readyMs,
    startedInMs: own ? Number(own[1]) : null,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers by status code (0 = network error). */
  statuses: Record<string, number>;
}

/**
 * A closed-loop load generator: `concurrency` workers on keep-alive connections, each sending its next
 * request when the last one is answered, until `durationMs` has passed (or `maxRequests` were sent).
 */
export async function httpLoad(opts: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  /** The path (and query) of request i. */
  path: (i: number) => string;
  body?: (i: number) => string | undefined;
  concurrency: number;
  durationMs: number;
  maxRequests?: number;
}): Promise<LoadResult> {
  const base = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))
    throw new Error('load only against loopback');
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const start = performance.now();
  const end = start + opts.durationMs;
  const one = (i: number) =>
    new Promise<number>((resolve) => {
      const body = opts.body?.(i);
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          method: opts.method ?? 'GET',
          path: opts.path(i),
          agent,
          headers: {
            ...(body
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
            ...opts.headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      if (body) req.write(body);
      req.end();
    });
  const worker = async () => {
    while (performance.now() < end && (opts.maxRequests === undefined || next < opts.maxRequests)) {
      const i = next++;
      const t = performance.now();
      const status = await one(i);
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statuses,
  };
}

/** Signs in over HTTP; returns the Bearer header. */
export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return `Bearer ${((await res.json()) as { token: string }).token}`;
}
