// Screenshots of the cockpit for looking at (not a benchmark): the wall (1920×1080, dark) and the console
// page, in zh-CN and English, on the demo district alone ("without data") and with the cockpit bench data
// ("with data": a database loaded by cockpit-keep.ts, SHOTS_DATA_URL, or else loaded here at BENCH_SCALE,
// default 0.02), at the district, drilled into a town and into a grid.
// `node --import tsx packages/server/bench/cockpit-shots.ts <out-dir> [base-postgres-url]` after `npm run build`.
// Loopback only; the databases made here are dropped at the end.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/seed/demo-data';
import { loadCockpitData } from './cockpit-data';
import { freshDatabase, login, seedDatabase, serverEnv, startServer } from './support';

const out = process.argv[2] ?? 'cockpit-shots';
const base = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/test';
process.env.BENCH_SCALE ??= '0.02';
mkdirSync(out, { recursive: true });
const root = join(import.meta.dirname, '../../..');

async function clickRegion(page: Page, code: string) {
  const point = (await page.evaluate(`window.__cockpitMapPoint?.(${JSON.stringify(code)}) ?? null`)) as
    | number[]
    | null;
  if (!point) throw new Error(`region ${code} not on the map`);
  const box = await page.getByTestId('cockpit-map').boundingBox();
  await page.mouse.click(box!.x + point[0]!, box!.y + point[1]!);
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.waitForTimeout(1500);
}

for (const withData of [false, true]) {
  const kept = withData ? process.env.SHOTS_DATA_URL : undefined;
  const db = kept ? null : await freshDatabase(base);
  const dataDir = join(out, `data-${withData}`);
  try {
    const env = serverEnv(dataDir, kept ?? db!.url);
    await seedDatabase(env, async (rt) => {
      if (withData && !kept) await loadCockpitData(rt, 'postgres', (m) => process.stderr.write(`${m}\n`));
    });
    const server = await startServer(root, env, { timeoutMs: 600_000 });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const token = (await login(server.url, 'leader', DEMO_PASSWORD)).replace('Bearer ', '');
      const tag = withData ? 'data' : 'empty';
      for (const locale of ['zh-CN', 'en']) {
        const context = await browser.newContext({
          viewport: { width: 1920, height: 1080 },
          locale,
          timezoneId: 'Asia/Shanghai',
        });
        await context.addCookies([{ name: 'fq_session', value: token, url: server.url }]);
        await context.addInitScript(`localStorage.setItem('fq_lang', ${JSON.stringify(locale)})`);
        const page = await context.newPage();
        const lang = locale === 'en' ? 'en' : 'zh';
        await page.goto(`${server.url}/cockpit`);
        await page.waitForFunction('window.__cockpitReady === true', null, { timeout: 60_000 });
        await settle(page);
        await page.screenshot({ path: join(out, `wall-${tag}-${lang}-district.png`) });
        await clickRegion(page, '350199001');
        await settle(page);
        await page.screenshot({ path: join(out, `wall-${tag}-${lang}-town.png`) });
        const first = async () =>
          (await page.evaluate('window.__cockpitMapRegions?.()[0] ?? null')) as string | null;
        const grid = await first();
        if (grid) {
          await clickRegion(page, grid);
          await settle(page);
          const next = await first();
          if (next && next !== grid) {
            await clickRegion(page, next);
            await settle(page);
          }
          await page.screenshot({ path: join(out, `wall-${tag}-${lang}-grid.png`) });
        }
        await page.goto(`${server.url}/cockpit/console`);
        await page.getByTestId('cockpit-console').waitFor();
        await settle(page);
        await page.screenshot({ path: join(out, `console-${tag}-${lang}-district.png`), fullPage: true });
        await clickRegion(page, '350199001');
        await settle(page);
        await page.screenshot({ path: join(out, `console-${tag}-${lang}-town.png`), fullPage: true });
        await context.close();
      }
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    await db?.drop();
  }
}
process.stdout.write(`screenshots in ${out}\n`);
