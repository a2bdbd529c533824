import { makeIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { multipart } from '../../../test/multipart';
import { SYSTEM_ACTOR } from '../../db/context';

// The people import prepares its chunks in worker threads (FENGQIAO_IMPORT_WORKERS) or on the main thread
// (0). Both must give the same result: counters, every issue in order, and the same rows. Chunks of 3 rows
// make the reader, the helper and the duplicate check across chunks all take part.
let threads: TestApp;
let single: TestApp;
beforeAll(async () => {
  [threads, single] = await Promise.all([
    createTestApp({ FENGQIAO_IMPORT_WORKERS: '2', FENGQIAO_IMPORT_BATCH: '3' }),
    createTestApp({ FENGQIAO_IMPORT_WORKERS: '0', FENGQIAO_IMPORT_BATCH: '3' }),
  ]);
});
afterAll(async () => Promise.all([threads?.close(), single?.close()]));

const id = (n: number) => makeIdNumber('350104', `1985-03-${String(1 + (n % 28)).padStart(2, '0')}`, 600 + n);
const badCheck = (s: string) => `${s.slice(0, 17)}${s[17] === '0' ? '1' : '0'}`;

function csv() {
  return [
    '姓名,身份证号,联系电话,人口类型,居住地址,工作单位',
    `甲一,${id(1)},13800000101,户籍,东湖街道东湖路1号1栋1单元101室,示范区便利店`,
    `乙二,${id(2)},13800000102,流动,福建省福州市示范区东湖街道东湖路1号1幢1单元一〇二,`,
    `丙三,${badCheck(id(3))},13800000103,户籍,东湖街道东湖路1号1栋1单元101室,`,
    `丁四,${id(4)},12345,户籍,东湖街道东湖路1号1栋1单元101室,`,
    `戊五,${id(5)},,外星,火星路999号,`,
    `己六,${id(6)},,户籍,火星路999号,`,
    `庚七,${id(7)},0591-83456789,留守,东湖街道 东湖路３号１栋２单元２０２室,"带,逗号的单位"`,
    `重复,${id(1)},,户籍,东湖街道东湖路1号1栋1单元101室,`,
    `,${id(9)},,户籍,东湖街道东湖路3号1-2-201,`,
    `越界,${id(10)},,户籍,临江街道江滨大道1号1栋1单元101室,`,
    `辛十一,${id(11)},13800000111,,东湖路5号1栋1单元101,`,
    `重复二,${id(7)},,户籍,东湖街道东湖路5号1栋1单元101室,`,
  ].join('\r\n');
}

async function run(t: TestApp, user = 'town1', text = csv()) {
  const body = multipart([{ name: '人口.csv', data: Buffer.from(text) }]);
  const boundary = body.headers['content-type'].split('boundary=')[1]!;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\npeople\r\n`),
    body.payload,
  ]);
  const res = await t.as(user, {
    method: 'POST',
    url: '/api/v1/registry/imports',
    payload,
    headers: body.headers,
  });
  expect(res.statusCode, res.body).toBe(202);
  await t.services.jobs.runDue();
  const imp = (await t.as(user, { method: 'GET', url: `/api/v1/registry/imports/${res.json().id}` })).json();
  const issues = (
    await t.as(user, { method: 'GET', url: `/api/v1/registry/imports/${imp.id}/issues` })
  ).json().items;
  // Everything stored and shown but the timestamps (and the ciphertexts, whose IVs are random).
  const people = (await t.services.registry.searchPeople(SYSTEM_ACTOR, {}, 1, 500)).items.map((p) =>
    Object.fromEntries(Object.entries(p).filter(([k]) => !k.endsWith('At'))),
  );
  const counters = await t.services.registry.populationByRegion(SYSTEM_ACTOR, {
    regionPath: '350199',
    level: 'town',
  });
  const { id: _id, createdAt: _c, finishedAt: _f, ...rest } = imp;
  return { imp: rest, issues, people, counters };
}

describe('people import: worker threads and the main thread', () => {
  it('give the same counters, issues (row, column, reason, order) and rows for a file with bad rows', async () => {
    const a = await run(threads);
    const b = await run(single);
    expect(a.imp).toMatchObject({ status: 'done', totalRows: 12, inserted: 4, rejected: 8 });
    expect(a.imp).toEqual(b.imp);
    expect(a.issues.map((i: { rowNo: number }) => i.rowNo)).toEqual([4, 5, 6, 7, 9, 10, 11, 13]);
    expect(a.issues).toEqual(b.issues);
    expect(a.counters).toEqual(b.counters);
    expect(a.people).toEqual(b.people);
    // And a second run changes nothing on either path.
    const a2 = await run(threads);
    const b2 = await run(single);
    expect(a2.imp).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 8 });
    expect(a2.imp).toEqual(b2.imp);
    expect(a2.counters).toEqual(a.counters);
  });

  it('refuse an ID number registered in another town, on both paths alike', async () => {
    const other = [
      '姓名,身份证号,联系电话,人口类型,居住地址,工作单位',
      `迁来,${id(1)},,户籍,临江街道江滨大道1号1栋1单元101室,`,
      `新人,${id(30)},,户籍,临江街道江滨大道1号1栋1单元102室,`,
    ].join('\n');
    const a = await run(threads, 'town2', other);
    const b = await run(single, 'town2', other);
    expect(a.imp).toMatchObject({ status: 'done', inserted: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(a.imp).toEqual(b.imp);
    expect(a.issues).toEqual([
      {
        rowNo: 2,
        column: '身份证号',
        severity: 'error',
        reason: '该身份证号已在其他辖区登记，请联系所在辖区办理迁移',
      },
    ]);
    expect(a.issues).toEqual(b.issues);
    expect(a.counters).toEqual(b.counters);
  });
});
