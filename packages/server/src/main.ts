import { buildApp } from './app';
import { boot } from './boot';
import { ConfigError, loadConfig } from './config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed/demo-data';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const started = performance.now();
  const runtime = await boot(config);
  const app = await buildApp(runtime.services, {
    serveWeb: true,
    prettyLogs: process.stdout.isTTY && !config.production,
  });
  await app.listen({ port: config.port, host: config.host });
  const ms = Math.round(performance.now() - started);
  const url = config.publicUrl;
  const lines = [
    '',
    '  枫桥 · 市域社会治理平台  Fengqiao municipal social governance platform',
    `  数据库 Database: ${runtime.db.engine === 'pglite' ? `PGlite（内嵌）${config.dataDir}` : 'PostgreSQL'}${runtime.seeded ? '  · 已创建示范区 demo district created' : ''}`,
    `  启动用时 Started in ${ms} ms`,
    '',
    `  控制台 Console:   ${url}/`,
    `  手机端 Phone:     ${url}/m/`,
    `  接口文档 API docs: ${url}/api/docs`,
    '',
  ];
  if (config.demo) {
    lines.push(
      `  演示账号（密码均为 ${DEMO_PASSWORD}，仅供演示）Demo accounts (password ${DEMO_PASSWORD}, demo only):`,
    );
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(12)} ${a.zh}`);
    lines.push('');
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`启动失败 / Failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
