import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface Proc {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts test/procs/node.ts in its own Node process (tsx) and waits for its READY line. */
export async function startProc(
  mode: 'server' | 'timers',
  env: { databaseUrl: string; dataDir: string; label?: string },
  timeoutMs = 60_000,
): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'node.ts'), mode], {
    env: {
      ...process.env,
      FQ_DATABASE_URL: env.databaseUrl,
      FQ_DATA_DIR: env.dataDir,
      FQ_PROC_LABEL: env.label ?? mode,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => {
    err += String(d);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`process did not start: ${err.slice(-2000)}`)),
      timeoutMs,
    );
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /READY (\{.*\})/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]!).port as number);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code}: ${err.slice(-2000)}`));
    });
  });
  return {
    child,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
