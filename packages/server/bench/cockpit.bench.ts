// Cockpit benchmarks (issue #7): every widget endpoint's latency over HTTP (warm: the same view again, as a
// wall display polls; cold: a different region and period each request, so no cached answer helps), the
// wall's first full render in headless Chromium (until the map and every chart have drawn) and the gzip
// size of the JavaScript it loads. `npm run bench -- cockpit`. Loopback only; every loop is bounded.
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { defineBench, fmt, fmtMs, median } from '../../../scripts/bench/kit';
import { DEMO_PASSWORD } from '../src/seed/demo-data';
import { describeCockpitData, loadCockpitData } from './cockpit-data';
import { freshDatabase, httpLoad, login, seedDatabase, serverEnv, startServer } from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 4;
const RENDERS = 5;

/** One request per widget; `v` varies the region and period for the cold runs. */
function widgetPaths(regions: { id: number; level: string }[], today: string) {
  const minus = (n: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  };
  const pick = (v: number) => regions[v % regions.length]!;
  const period = (v: number) => `from=${minus(7 + (v % 300))}&to=${minus(v % 7)}`;
  const notGrid = regions.filter((r) => r.level !== 'grid');
  const pickNG = (v: number) => notGrid[v % notGrid.length]!;
  return {
    summary: (v: number) => `/api/v1/cockpit/summary?regionId=${pick(v).id}&${period(v)}`,
    map: (v: number) =>
      `/api/v1/cockpit/map?regionId=${pickNG(v).id}&${period(v)}&measure=${['eventsPer1000', 'overdue', 'disputeDensity', 'populationDensity'][v % 4]}`,
    points: (v: number) => `/api/v1/cockpit/points?regionId=${pickNG(v).id}&${period(v)}`,
    heat: (v: number) => `/api/v1/cockpit/heat?regionId=${pickNG(v).id}`,
    trend: (v: number) => `/api/v1/cockpit/trend?regionId=${pick(v).id}&days=${30 + (v % 60)}`,
    categories: (v: number) => `/api/v1/cockpit/categories?regionId=${pick(v).id}&${period(v)}`,
    'rankings (regions)': (v: number) =>
      `/api/v1/cockpit/rankings?regionId=${pickNG(v).id}&${period(v)}&by=region`,
    'rankings (departments)': (v: number) =>
      `/api/v1/cockpit/rankings?regionId=${pick(v).id}&${period(v)}&by=department`,
    disputes: (v: number) => `/api/v1/cockpit/disputes?regionId=${pick(v).id}&${period(v)}`,
    feed: (v: number) => `/api/v1/cockpit/feed?regionId=${pick(v).id}`,
  };
}

export default defineBench({
  title: 'Cockpit: widget endpoints, first full render, JavaScript size',
  description:
    'Each cockpit widget endpoint over HTTP against the built server, signed in as the district leader, at ' +
    `concurrency ${CONCURRENCY}: "warm" repeats the default view (the district, last 30 days), as wall displays ` +
    'poll it, so the per-process cache of source answers serves it; "cold" gives every request another region ' +
    '(district, towns, communities, grids) and another period, so each one reads the rollups. Then the wall ' +
    'cockpit (/cockpit, 1920×1080) in headless Chromium without a GPU: time from navigation start until the map ' +
    'and every chart have drawn (window.__cockpitReadyMs), and the gzip size of every JavaScript file the page ' +
    'loaded. The data set is described under Settings.',
  engines: ['pglite', 'postgres'],
  async run(ctx) {
    const dataDir = ctx.tempDir('cockpit');
    // BENCH_COCKPIT_DATABASE_URL: measure against a data set loaded before (bench/cockpit-keep.ts).
    const kept = ctx.engine === 'postgres' ? process.env.BENCH_COCKPIT_DATABASE_URL : undefined;
    const db = ctx.engine === 'postgres' && !kept ? await freshDatabase(ctx.databaseUrl!) : null;
    try {
      const env = serverEnv(dataDir, kept ?? db?.url ?? null);
      const data = await seedDatabase(env, (rt) =>
        kept ? describeCockpitData(rt) : loadCockpitData(rt, ctx.engine, ctx.log),
      );
      const server = await startServer(ctx.root, env, { timeoutMs: 600_000 });
      const rows: (string | number)[][] = [];
      const targets = [];
      let renderMs: number[] = [];
      let jsGzip = 0;
      let jsRaw = 0;
      let jsFiles = 0;
      try {
        const auth = await login(server.url, 'leader', DEMO_PASSWORD);
        const headers = { authorization: auth };
        const cfg = (await (await fetch(`${server.url}/api/v1/cockpit/config`, { headers })).json()) as {
          today: string;
          sources: Record<string, boolean>;
        };
        const paths = widgetPaths(data.regions, cfg.today);
        const defaults = `regionId=${data.regions[0]!.id}`;
        let worst = 0;
        for (const [name, path] of Object.entries(paths)) {
          const warmPath = path(0).replace(/regionId=\d+/, defaults);
          const warm = await httpLoad({
            url: server.url,
            headers,
            path: () => warmPath,
            concurrency: CONCURRENCY,
            durationMs: SECONDS * 1000,
          });
          const cold = await httpLoad({
            url: server.url,
            headers,
            path: (i) => path(i + 1),
            concurrency: CONCURRENCY,
            durationMs: SECONDS * 1000,
          });
          const answers = (r: typeof warm) =>
            Object.entries(r.statuses)
              .map(([s, n]) => `${s}×${n}`)
              .join(' ');
          ctx.log(`${name}: warm p95 ${fmtMs(warm.p95)}, cold p95 ${fmtMs(cold.p95)}`);
          const ok = !Object.keys(cold.statuses).some((s) => s !== '200');
          if (ok) worst = Math.max(worst, cold.p95);
          rows.push([
            name,
            fmt(warm.rps),
            fmtMs(warm.p50),
            fmtMs(warm.p95),
            fmt(cold.rps),
            fmtMs(cold.p50),
            fmtMs(cold.p95),
            fmtMs(cold.p99),
            `${answers(warm)} / ${answers(cold)}`,
          ]);
        }
        targets.push({
          what: 'every widget endpoint p95, cold (another region and period each request), PostgreSQL goal',
          goal: '< 100 ms',
          actual: fmtMs(worst),
          met: worst < 100,
        });

        // First full render of the wall in headless Chromium.
        const browser = await chromium.launch({
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu'],
        });
        try {
          const token = auth.replace('Bearer ', '');
          for (let i = 0; i < RENDERS; i++) {
            const context = await browser.newContext({
              viewport: { width: 1920, height: 1080 },
              locale: 'zh-CN',
              timezoneId: 'Asia/Shanghai',
            });
            await context.addCookies([{ name: 'fq_session', value: token, url: server.url }]);
            const page = await context.newPage();
            const scripts: Promise<void>[] = [];
            if (i === 0)
              page.on('response', (res) => {
                if (res.request().resourceType() !== 'script') return;
                scripts.push(
                  res.body().then((b) => {
                    jsFiles++;
                    jsRaw += b.length;
                    jsGzip += gzipSync(b, { level: 9 }).length;
                  }),
                );
              });
            await page.goto(`${server.url}/cockpit`);
            await page.waitForFunction('window.__cockpitReady === true', null, { timeout: 60_000 });
            renderMs.push(Number(await page.evaluate('window.__cockpitReadyMs')));
            await Promise.all(scripts);
            await context.close();
          }
        } finally {
          await browser.close();
        }
        renderMs = renderMs.sort((a, b) => a - b);
        targets.push({
          what: `first full render of /cockpit (median of ${RENDERS}, cold browser context each)`,
          goal: '< 3 s',
          actual: fmtMs(median(renderMs)),
          met: median(renderMs) < 3000,
        });
        targets.push({
          what: `JavaScript loaded by /cockpit (${jsFiles} files, gzip -9)`,
          goal: '< 1.5 MB',
          actual: `${fmt(jsGzip / 1024)} KiB (raw ${fmt(jsRaw / 1024)} KiB)`,
          met: jsGzip < 1.5 * 1024 * 1024,
        });
      } finally {
        await server.stop();
      }
      return {
        settings: {
          ...data.settings,
          'sources installed': data.sources,
          'seconds per run': SECONDS,
          concurrency: CONCURRENCY,
          'render runs': RENDERS,
        },
        tables: [
          {
            title: 'Widget endpoints over HTTP (server and load generator share the 2 cores)',
            columns: [
              'widget',
              'warm req/s',
              'warm p50',
              'warm p95',
              'cold req/s',
              'cold p50',
              'cold p95',
              'cold p99',
              'answers warm / cold',
            ],
            rows,
          },
          {
            title: 'First full render of the wall (ms from navigation start)',
            columns: ['runs', 'min', 'median', 'max'],
            rows: [[renderMs.length, fmtMs(renderMs[0]!), fmtMs(median(renderMs)), fmtMs(renderMs.at(-1)!)]],
          },
        ],
        targets,
        notes: data.notes,
      };
    } finally {
      await db?.drop();
    }
  },
});
