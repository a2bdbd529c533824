// Disputes benchmarks (issue #5): registration and transitions under 32 concurrent clients over HTTP, the
// mediation agreement's PDF+DOCX rendering and issuing, verification lookups; on PGlite and PostgreSQL.
// `npm run bench -- disputes`. Every loop is bounded in count and time and talks only to 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeIdNumber } from '@fengqiao/domain';
import { defineBench, fmt, percentile } from '../../../scripts/bench/kit';
import { buildApp } from '../src/app';
import { boot, type Runtime } from '../src/boot';
import type { Actor } from '../src/db/context';
import { freshPglite, freshPostgres } from '../test/bench-db';
import { ownerQuery } from '../test/db';
import { signaturePng } from '../test/dispute-signing';
import { testConfig } from '../test/test-env';

const CLIENTS = 32;
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 10);
const AGREEMENTS = Number(process.env.BENCH_AGREEMENTS ?? 20);
const VERIFY_MS = Number(process.env.BENCH_VERIFY_MS ?? 5_000);

type Row = [string, string, string];
const rows: Row[] = [];

async function actorOf(rt: Runtime, username: string): Promise<Actor> {
  const u = (
    await rt.services.users.list(
      { userId: null, username: 'system', roles: ['system'], scopePath: '*', departmentId: null },
      { q: username },
      5,
      0,
    )
  ).rows.find((x) => x.username === username)!;
  return { userId: u.id, username: u.username, roles: u.roles, scopePath: u.regionPath, departmentId: null };
}

const ms = (sorted: number[]) => `${fmt(percentile(sorted, 50))} ms / ${fmt(percentile(sorted, 99))} ms`;

async function run(rt: Runtime, engine: string) {
  const app = await buildApp(rt.services, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const token = async (username: string) => {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'Fengqiao@2026' }),
    });
    return `Bearer ${((await r.json()) as { token: string }).token}`;
  };
  const town1 = await token('town1');
  const t1 = await actorOf(rt, 'town1');
  const m1 = await actorOf(rt, 'mediator1');
  // One mediator takes every benchmark dispute: lift the demo capacity (20) so `full` does not refuse.
  await ownerQuery({ services: rt.services } as never, 'UPDATE mediators SET max_load = 1000000');
  const dir = await rt.services.territory.dir();
  const grids = [...dir.byId.values()].filter(
    (r) => r.level === 'grid' && r.regionPath.startsWith(`${t1.scopePath}.`),
  );
  const post = async (url: string, auth: string, body: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { id: number };
    if (res.status >= 300) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };

  // 1. Registration: 32 clients, each registering PER_CLIENT disputes (2 parties with checked, encrypted IDs).
  const reg: number[] = [];
  const ids: number[][] = Array.from({ length: CLIENTS }, () => []);
  let t0 = performance.now();
  await Promise.all(
    ids.map(async (mine, c) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const s = performance.now();
        const d = await post('/api/v1/disputes', town1, {
          title: `压测纠纷${c}-${i}`,
          type: 'neighbour',
          facts: '基准测试：相邻关系纠纷。',
          regionId: grids[(c * PER_CLIENT + i) % grids.length]!.id,
          parties: [
            {
              kind: 'person',
              role: '申请人',
              name: `甲${c}`,
              idNumber: makeIdNumber('350203', `1980-01-${String(1 + (c % 28)).padStart(2, '0')}`, i),
              phone: '13800000000',
              address: '东湖街道',
            },
            {
              kind: 'person',
              role: '被申请人',
              name: `乙${c}`,
              idNumber: makeIdNumber('350203', `1981-02-${String(1 + (c % 28)).padStart(2, '0')}`, i),
              address: '东湖街道',
            },
          ],
        });
        reg.push(performance.now() - s);
        mine.push(d.id);
      }
    }),
  );
  let secs = (performance.now() - t0) / 1000;
  reg.sort((a, b) => a - b);
  rows.push([
    `${engine}: registration p50 / p99, ${CLIENTS} clients`,
    ms(reg),
    `${reg.length} disputes, ${Math.round(reg.length / secs)} / s`,
  ]);

  // 2. Transitions: each client accepts and assigns its disputes (assign checks place, specialty, load).
  const tr: number[] = [];
  t0 = performance.now();
  await Promise.all(
    ids.map(async (mine) => {
      for (const id of mine)
        for (const body of [{ action: 'accept' }, { action: 'assign', fields: { mediatorId: m1.userId } }]) {
          const s = performance.now();
          await post(`/api/v1/cases/dispute/${id}/transitions`, town1, body);
          tr.push(performance.now() - s);
        }
    }),
  );
  secs = (performance.now() - t0) / 1000;
  tr.sort((a, b) => a - b);
  rows.push([
    `${engine}: transition p50 / p99 (accept, assign), ${CLIENTS} clients`,
    ms(tr),
    `${tr.length} transitions, ${Math.round(tr.length / secs)} / s`,
  ]);

  // 3. Agreements: confirm; draft the 调解协议书, three handwritten signatures on the mediator's tablet
  // (both parties and the mediator), then the committee's seal: render PDF+DOCX with the signatures drawn
  // in (outside the transaction), store, settle (one short transaction).
  const flat = ids.flat().slice(0, AGREEMENTS);
  for (const id of flat) await rt.services.cases.apply(m1, 'dispute', id, { action: 'confirm' });
  const png = await signaturePng(3);
  const signing: number[] = [];
  const issue: number[] = [];
  const codes: string[] = [];
  const sealOne = async (id: number) => {
    let s = performance.now();
    const draft = await rt.services.disputes.draftAgreement(m1, id, {
      issues: '维修费用承担',
      responsibilities: '乙方承担主要责任',
      agreedItems: ['乙方于十日内修复渗漏。', '乙方赔偿甲方人民币贰仟元。'],
      performance: { manner: '转账', deadline: '2026-12-31' },
    });
    for (const signer of draft.signers) await rt.services.disputes.signOnTablet(m1, id, signer.id, png, {});
    signing.push(performance.now() - s);
    s = performance.now();
    const doc = await rt.services.disputes.sealAgreement(m1, id);
    issue.push(performance.now() - s);
    codes.push(doc.verifyCode);
  };
  const half = Math.ceil(flat.length / 2);
  t0 = performance.now();
  for (const id of flat.slice(0, half)) await sealOne(id);
  secs = (performance.now() - t0) / 1000;
  const sequentialIssue = [...issue].sort((a, b) => a - b);
  rows.push([
    `${engine}: draft + 3 tablet signatures (image checked, stored, audited) p50 / p99`,
    ms([...signing].sort((a, b) => a - b)),
    `${signing.length} agreements, 3 signatures each`,
  ]);
  rows.push([
    `${engine}: agreement sealed and issued (render PDF+DOCX with signatures, sign, store, settle) p50 / p99`,
    ms(sequentialIssue),
    `${sequentialIssue.length} documents one after another, ${fmt(sequentialIssue.length / secs, 2)} documents / s (incl. drafting and signing)`,
  ]);
  // The same, four mediators' worth at once: rendering runs outside transactions, so they overlap.
  issue.length = 0;
  const rest = flat.slice(half);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async (_, c) => {
      for (let i = c; i < rest.length; i += 4) await sealOne(rest[i]!);
    }),
  );
  secs = (performance.now() - t0) / 1000;
  issue.sort((a, b) => a - b);
  rows.push([
    `${engine}: agreement sealed and issued, 4 at a time, p50 / p99`,
    ms(issue),
    `${issue.length} documents, ${fmt(issue.length / secs, 2)} documents / s (incl. drafting and signing)`,
  ]);
  const render: number[] = [];
  const sample = {
    committee: '东湖街道人民调解委员会',
    parties: [
      { kind: 'person', role: '申请人', name: '张三', address: '东湖街道1号' },
      { kind: 'person', role: '被申请人', name: '李四', address: '东湖街道2号' },
    ],
    facts: '相邻漏水。',
    issues: '维修费用。',
    responsibilities: '李四承担主要责任。',
    agreedItems: ['李四赔偿张三2000元。'],
    performance: { manner: '转账', deadline: '2026-12-31' },
    mediators: ['钱调解'],
    agreedOn: '2026-11-23',
  };
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    await rt.services.documents.preview('mediationAgreement', sample);
    render.push(performance.now() - s);
  }
  render.sort((a, b) => a - b);
  rows.push([
    `${engine}: rendering alone (PDF + DOCX + QR, no database)`,
    ms(render),
    `10 renders, ${fmt(1000 / percentile(render, 50), 2)} / s at the median`,
  ]);

  // 4. Verification: the public QR page's lookup, 32 clients for VERIFY_MS over keep-alive HTTP.
  const ver: number[] = [];
  let stop = false;
  setTimeout(() => (stop = true), VERIFY_MS);
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; !stop; i++) {
        const s = performance.now();
        const res = await fetch(`${base}/api/v1/verify/${codes[(c + i) % codes.length]}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`verify answered ${res.status}`);
        ver.push(performance.now() - s);
      }
    }),
  );
  secs = (performance.now() - t0) / 1000;
  ver.sort((a, b) => a - b);
  rows.push([
    `${engine}: verification lookup p50 / p99, ${CLIENTS} clients`,
    ms(ver),
    `${ver.length} lookups in ${fmt(secs)} s, ${Math.round(ver.length / secs)} / s (signature checked on each)`,
  ]);
  await app.close();
}

export default defineBench({
  title: 'Disputes: registration, transitions, agreements, verification',
  description:
    'Registration: 32 clients each POST /api/v1/disputes 10 times (2 parties, ID numbers checked by GB 11643, ' +
    'encrypted and blind-indexed, repeat-party check, case opened, rollup upsert). Transitions: each client ' +
    'accepts and assigns its disputes through the generic transition route (assign checks the mediator’s place, ' +
    'specialty and load). Agreements: 20 人民调解协议书 drafted, signed by hand on the tablet by both parties and the ' +
    'mediator, and sealed — PDF with embedded Noto Serif SC and the signature images + DOCX + QR, Ed25519 ' +
    'signature, rendered outside any transaction, then stored and settled in one short transaction — half one after ' +
    'another, half four at a time; and the rendering alone. Sizes: BENCH_PER_CLIENT (10), BENCH_AGREEMENTS (20), ' +
    'BENCH_VERIFY_MS (5000). ' +
    'Verification: GET /api/v1/verify/:code (what the QR page asks) from 32 keep-alive clients for 5 s. The load ' +
    'loop shares the 2 cores with the server, so figures are lower bounds.',
  engines: ['pglite', 'postgres'],
  async run(ctx) {
    rows.length = 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'fq-bench-'));
    if (ctx.engine === 'postgres') {
      const db = await freshPostgres(ctx.databaseUrl!);
      const rt = await boot(testConfig(dataDir, db.url, { LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '40' }), {
        workers: false,
      });
      try {
        await run(rt, 'PostgreSQL');
      } finally {
        await rt.stop();
        await db.drop();
      }
    } else {
      const rt = await boot(testConfig(dataDir, undefined, { LOG_LEVEL: 'silent' }), {
        pglite: await freshPglite(),
        workers: false,
      });
      try {
        await run(rt, 'PGlite');
      } finally {
        await rt.stop();
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    return {
      settings: {
        clients: CLIENTS,
        'registrations per client': PER_CLIENT,
        agreements: AGREEMENTS,
        'verification run': `${VERIFY_MS / 1000} s`,
      },
      tables: [{ columns: ['metric', 'result', 'notes'], rows }],
      notes: [
        'PGlite is one in-process connection: every transaction waits its turn, so latency under 32 clients is mostly queueing.',
        'The agreement is drawn outside any transaction (documents.prepare) and written with the settlement in one short transaction (documents.store); a failure writes nothing (at most a document number stays unused). The four-at-a-time row shows renders overlapping with other work.',
      ],
    };
  },
});
