// Screenshot and manual-check helper: boots the platform on a fresh PGlite with the demo district, the test
// case kind and a handful of cases in every state (one overdue, one with photos, a dead delivery job), then
// serves the console. `node --import tsx packages/server/test/demo-cases.ts` prints the URL; Ctrl-C stops.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildApp } from '../src/app';
import { boot } from '../src/boot';
import { SYSTEM_ACTOR } from '../src/db/context';
import { freshPglite } from './bench-db';
import { installTestKind, reportRepair } from './case-kind';
import { testConfig } from './test-env';

const dataDir = mkdtempSync(join(tmpdir(), 'fq-demo-cases-'));
const rt = await boot(testConfig(dataDir, undefined, { LOG_LEVEL: 'warn' }), {
  pglite: await freshPglite(),
  workers: false,
});
const s = rt.services;
await installTestKind(s);
const actor = async (name: string) => {
  const u = (await s.users.list(SYSTEM_ACTOR, { q: name }, 5, 0)).rows.find((r) => r.username === name)!;
  return {
    userId: u.id,
    username: u.username,
    roles: u.roles,
    scopePath: u.regionPath,
    departmentId: u.departmentId,
  };
};
const grid = await actor('grid');
const town1 = await actor('town1');
const dept = await actor('dept');
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const photo = async (color: string, name: string, who: typeof grid) => {
  const img = await sharp({ create: { width: 800, height: 600, channels: 3, background: color } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="800" height="600"><text x="40" y="320" font-size="72" fill="white">${name}</text></svg>`,
        ),
      },
    ])
    .jpeg()
    .toBuffer();
  return (await s.attachments.upload(who, [{ name: `${name}.jpg`, data: img }]))[0]!.id;
};

// A case worked through to the end, with photos before and after.
const before = await photo('#8c6d46', 'before', grid);
const a = await reportRepair(s, grid, grid.scopePath, '东湖路12号井盖缺失', {
  now: hoursAgo(50),
  attachments: [before],
});
await s.cases.apply(
  town1,
  'testRepair',
  a,
  { action: 'assign', fields: { departmentId: dept.departmentId }, comment: '请区城管局2个工作时内到场处置' },
  { now: hoursAgo(49) },
);
await s.cases.apply(
  dept,
  'testRepair',
  a,
  { action: 'askInfo', comment: '请补充井盖的具体位置（门牌或参照物）' },
  { now: hoursAgo(48) },
);
await s.cases.apply(
  grid,
  'testRepair',
  a,
  { action: 'supply', comment: '东湖路12号便利店门口，靠近公交站' },
  { now: hoursAgo(47) },
);
const after = await photo('#3a7d44', 'after', dept);
await s.cases.apply(
  dept,
  'testRepair',
  a,
  { action: 'resolve', comment: '已补装球墨铸铁井盖并设置警示标志', attachments: [after] },
  { now: hoursAgo(26) },
);
// An overdue case, escalated to the supervisor.
const thu = new Date(Date.now() - 4 * 86_400_000);
const b = await reportRepair(s, grid, grid.scopePath, '湖滨小区门口占道经营', { now: thu });
await s.cases.apply(
  town1,
  'testRepair',
  b,
  { action: 'assign', fields: { departmentId: dept.departmentId }, comment: '请区城管局处置' },
  { now: thu },
);
await s.jobs.runDue();
// A fresh one waiting for dispatch.
await reportRepair(s, grid, grid.scopePath, '东湖公园路灯不亮');
// A delivery that keeps failing: a webhook to a closed port.
const district = (await s.territory.dir()).byCode.get('350199')!;
await s.messages.createSubscription(SYSTEM_ACTOR, {
  kind: 'webhook',
  name: '区大数据局接口',
  url: 'http://127.0.0.1:9/webhook',
  types: [],
  regionPath: district.regionPath,
});
await s.messages.send({
  type: 'system.test',
  params: { time: 'demo' },
  channels: ['webhook'],
  regionPath: district.regionPath,
});
await s.jobs.runBatch();
// And one that died: a job type nobody handles (as after a rename between versions).
await s.jobs.enqueue({ type: 'legacy.export', payload: { report: 'weekly' }, maxAttempts: 1 });
await s.jobs.runBatch();

const app = await buildApp(s, { logger: false, serveWeb: true });
await app.listen({ port: Number(process.env.PORT ?? 3900), host: '127.0.0.1' });
process.stdout.write(`READY http://127.0.0.1:${process.env.PORT ?? 3900} case ${a} overdue ${b}\n`);
