import { makeIdNumber } from '@fengqiao/domain';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { multipart } from '../../../test/multipart';
import { SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const id = (n: number) => makeIdNumber('350104', `1980-01-${String(1 + (n % 28)).padStart(2, '0')}`, 500 + n);
const badCheck = (s: string) => `${s.slice(0, 17)}${s[17] === '0' ? '1' : '0'}`;

const HEADER = '姓名,身份证号,联系电话,人口类型,居住地址,工作单位';
function peopleCsv() {
  return [
    HEADER,
    `张导一,${id(1)},13800000001,户籍,东湖街道东湖路1号1栋1单元101室,示范区便利店`,
    `李导二,${id(2)},13800000002,流动,福建省福州市示范区东湖街道东湖路1号1幢1单元一〇二,`,
    `王导三,${id(3)},,户籍人口,东湖街道东湖路3号1-2-201,`,
    `赵导四,${id(4)},0591-83456789,留守,东湖街道 东湖路３号１栋２单元２０２室,`,
    `陈导五,${id(5)},13800000005,,东湖路5号1栋1单元101,`,
    `错号,${badCheck(id(6))},13800000006,户籍,东湖街道东湖路1号1栋1单元101室,`,
    `错电话,${id(7)},12345,户籍,东湖街道东湖路1号1栋1单元101室,`,
    `无地址,${id(8)},,户籍,火星路999号,`,
    `重复,${id(1)},,户籍,东湖街道东湖路1号1栋1单元101室,`,
  ].join('\r\n');
}

async function upload(user: string, name: string, data: Buffer, entity = 'people') {
  const body = multipart([{ name, data }]);
  // The entity field goes first, as the web app sends it.
  const boundary = body.headers['content-type'].split('boundary=')[1]!;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\n${entity}\r\n`),
    body.payload,
  ]);
  return t.as(user, { method: 'POST', url: '/api/v1/registry/imports', payload, headers: body.headers });
}

async function importAndRun(user: string, name: string, data: Buffer, entity = 'people') {
  const res = await upload(user, name, data, entity);
  expect(res.statusCode, res.body).toBe(202);
  await t.services.jobs.runDue();
  const done = await t.as(user, { method: 'GET', url: `/api/v1/registry/imports/${res.json().id}` });
  return done.json();
}

/** The district's residents as the cockpit reads them (the kept counters). */
async function residents() {
  const rows = await t.services.registry.populationByRegion(SYSTEM_ACTOR, {
    regionPath: '350199',
    level: 'town',
  });
  return rows.reduce((n, r) => n + r.residents, 0);
}

describe('people import (CSV, UTF-8)', () => {
  let importId: number;
  it('imports the good rows and reports each bad row with its row number, column and reason', async () => {
    const counted = await residents();
    const r = await importAndRun('town1', '人口.csv', Buffer.from(peopleCsv()));
    expect(await residents()).toBe(counted + 5);
    importId = r.id;
    expect(r).toMatchObject({
      status: 'done',
      encoding: 'utf-8',
      totalRows: 9,
      inserted: 5,
      updated: 0,
      rejected: 4,
    });
    const issues = (
      await t.as('town1', { method: 'GET', url: `/api/v1/registry/imports/${importId}/issues` })
    ).json().items;
    expect(issues).toEqual([
      { rowNo: 7, column: '身份证号', severity: 'error', reason: '身份证号校验位错误' },
      { rowNo: 8, column: '联系电话', severity: 'error', reason: '电话号码“12345”格式不正确' },
      { rowNo: 9, column: '居住地址', severity: 'error', reason: '地址“火星路999号”匹配不到标准地址' },
      {
        rowNo: 10,
        column: '身份证号',
        severity: 'error',
        reason: '文件中该身份证号重复出现，只导入第一次出现的行',
      },
    ]);
    const people = (
      await t.as('town1', { method: 'GET', url: `/api/v1/registry/people?q=${encodeURIComponent('李导二')}` })
    ).json();
    expect(people.items[0]).toMatchObject({
      name: '李导二',
      residenceType: 'floating',
      sex: 'female',
      birthDate: '1980-01-03',
    });
    expect(people.items[0].address.fullName).toBe('东湖街道东湖路1号1栋1单元102室');
    expect(people.items[0].path.split('.').length).toBe(4); // assigned to its grid
  });

  it('offers the rejected rows as a CSV download Excel reads (BOM, zh-CN)', async () => {
    const res = await t.as('town1', {
      method: 'GET',
      url: `/api/v1/registry/imports/${importId}/issues.csv`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\ufeff行号,列,级别,原因\r\n7,身份证号,拒绝,身份证号校验位错误')).toBe(true);
    expect(res.body.split('\r\n').filter(Boolean)).toHaveLength(5);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await t.services.audit.search(SYSTEM_ACTOR, { action: 'person' }, 1, 0);
    const counted = await residents();
    const r = await importAndRun('town1', '人口.csv', Buffer.from(peopleCsv()));
    expect(r).toMatchObject({ status: 'done', inserted: 0, updated: 0, unchanged: 5, rejected: 4 });
    expect(await residents()).toBe(counted);
    const after = await t.services.audit.search(SYSTEM_ACTOR, { action: 'person' }, 1, 0);
    expect(after.total).toBe(before.total);
  });

  it('updates a changed row in place (upsert on the ID number)', async () => {
    const changed = peopleCsv().replace('13800000001', '13900000001');
    const r = await importAndRun('town1', '人口2.csv', Buffer.from(changed));
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 4 });
  });
});

describe('encodings and formats', () => {
  it('detects a GBK file and reads its Chinese text correctly', async () => {
    const csv = [HEADER, `黄国标,${id(11)},13800000011,户籍,东湖街道东湖路5号1栋2单元202室,`].join('\r\n');
    const r = await importAndRun('town1', 'gbk.csv', iconv.encode(csv, 'gbk'));
    expect(r).toMatchObject({ encoding: 'gb18030', inserted: 1, rejected: 0 });
    const found = (await t.as('town1', { method: 'GET', url: `/api/v1/registry/people?q=${id(11)}` })).json();
    expect(found.items[0].name).toBe('黄国标');
  });

  it('reads XLSX and refuses an ID number Excel stored as a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    ws.addRow(HEADER.split(','));
    ws.addRow(['孙表格', id(12), '13800000012', '户籍', '东湖街道东湖路3号1栋1单元101室', '']);
    ws.addRow(['周数字', Number(id(13).slice(0, 17)), '', '户籍', '东湖街道东湖路3号1栋1单元102室', '']);
    const r = await importAndRun('town1', '人口.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r).toMatchObject({ format: 'xlsx', inserted: 1, rejected: 1 });
    const issues = (
      await t.as('town1', { method: 'GET', url: `/api/v1/registry/imports/${r.id}/issues` })
    ).json().items;
    expect(issues[0]).toMatchObject({ rowNo: 3, column: '身份证号' });
    expect(issues[0].reason).toContain('Excel 存成了数字');
  });

  it('imports organisations, warning (not rejecting) on a credit code that fails its check', async () => {
    const csv = [
      '单位名称,统一社会信用代码,单位类型,法定代表人,单位地址',
      '东湖测试商贸有限公司,91350200MA2YJ1XR9G,企业,林某,东湖街道东湖路1号',
      '东湖可疑公司,91350200MA2YJ1XR9H,企业,王某,东湖街道东湖路3号',
    ].join('\n');
    const r = await importAndRun('town1', '单位.csv', Buffer.from(csv), 'organisations');
    expect(r).toMatchObject({ inserted: 2, rejected: 0, warnings: 1 });
    const again = await importAndRun('town1', '单位.csv', Buffer.from(csv), 'organisations');
    expect(again).toMatchObject({ inserted: 0, unchanged: 2 });
  });
});

describe('bad files are refused whole', () => {
  it('answers a wrong header, an empty file, a header without rows, binary data and a missing entity', async () => {
    const before = (await t.as('town1', { method: 'GET', url: '/api/v1/registry/imports' })).json().items
      .length;
    const wrong = await upload('town1', 'x.csv', Buffer.from('名字,号码\n张三,123\n'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({
      code: 'IMPORT_HEADER',
      message: '表头不正确：缺少必填列 身份证号、居住地址',
    });
    const empty = await upload('town1', 'empty.csv', Buffer.alloc(0));
    expect(empty.json().error.code).toBe('IMPORT_EMPTY');
    const headerOnly = await upload('town1', 'h.csv', Buffer.from(`${HEADER}\r\n`));
    expect(headerOnly.json().error.code).toBe('IMPORT_EMPTY');
    const binary = await upload(
      'town1',
      'photo.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]),
    );
    expect(binary.statusCode).toBe(400);
    expect(['IMPORT_ENCODING', 'IMPORT_FORMAT']).toContain(binary.json().error.code);
    const noEntity = await t.as('town1', {
      method: 'POST',
      url: '/api/v1/registry/imports',
      ...multipart([{ name: 'a.csv', data: Buffer.from(peopleCsv()) }]),
    });
    expect(noEntity.json().error.code).toBe('IMPORT_MAPPING');
    const after = (await t.as('town1', { method: 'GET', url: '/api/v1/registry/imports' })).json().items
      .length;
    expect(after).toBe(before);
  });

  it('refuses a file over the limit with 413', async () => {
    const small = await createTestApp({ FENGQIAO_IMPORT_MAX_MB: '1' });
    try {
      const big = Buffer.alloc(1024 * 1024 + 10, 'a');
      const body = multipart([{ name: 'big.csv', data: big }]);
      const res = await small.as('town1', { method: 'POST', url: '/api/v1/registry/imports', ...body });
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'IMPORT_TOO_LARGE', message: '文件过大（上限 1 MB）' });
    } finally {
      await small.close();
    }
  });

  it('lets only roles with registry:import upload (401, 403)', async () => {
    expect((await upload('grid', 'a.csv', Buffer.from(peopleCsv()))).statusCode).toBe(403);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/imports',
      ...multipart([{ name: 'a.csv', data: Buffer.from('x') }]),
    });
    expect(anon.statusCode).toBe(401);
  });
});

describe('scope', () => {
  it('rejects rows whose address lies in another town, and exports only the own town', async () => {
    const csv = [HEADER, `越界人,${id(20)},,户籍,临江街道江滨大道1号1栋1单元101室,`].join('\n');
    const r = await importAndRun('town1', 'x.csv', Buffer.from(csv));
    expect(r).toMatchObject({ inserted: 0, rejected: 1 });
    const res = await t.as('town1', { method: 'GET', url: '/api/v1/registry/people/export' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const addresses: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) addresses.push(String(row.getCell(7).value));
    });
    expect(addresses.length).toBeGreaterThan(100);
    expect(addresses.every((a) => a.startsWith('东湖街道'))).toBe(true);
  });
});

describe('Excel export', () => {
  async function rows(body: Buffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const out: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    return out;
  }

  it('masks ID numbers and phones unless the user may unmask and gives a reason; audited', async () => {
    const q = `q=${encodeURIComponent('张导一')}`;
    const masked = await t.as('town1', { method: 'GET', url: `/api/v1/registry/people/export?${q}` });
    expect(masked.statusCode).toBe(200);
    const m = await rows(masked.rawPayload);
    expect(m[0]).toEqual([
      '姓名',
      '身份证号',
      '性别',
      '出生日期',
      '联系电话',
      '人口类型',
      '居住地址',
      '工作单位',
    ]);
    expect(m[1]![1]).toBe(`350104**********${id(1).slice(-2)}`);
    expect(m[1]![4]).toBe('139****0001');
    expect(
      (
        await t.as('leader', {
          method: 'GET',
          url: `/api/v1/registry/people/export?${q}&unmask=true&reason=x`,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.as('town1', { method: 'GET', url: `/api/v1/registry/people/export?${q}&unmask=true` }))
        .statusCode,
    ).toBe(400);
    const full = await t.as('town1', {
      method: 'GET',
      url: `/api/v1/registry/people/export?${q}&unmask=true&reason=${encodeURIComponent('协查')}`,
    });
    expect((await rows(full.rawPayload))[1]![1]).toBe(id(1));
    const audit = await t.services.audit.search(SYSTEM_ACTOR, { action: 'person.export' }, 10, 0);
    expect(
      audit.rows.some((a) => (a.diff as { unmasked?: boolean; reason?: string }).reason === '协查'),
    ).toBe(true);
  });
});

describe('standard address import (一标)', () => {
  const ADDR_HEADER = '网格编码,街路巷,门牌号,楼栋,单元,户室,经度,纬度';
  let grid: {
    code: string;
    id: number;
    regionPath: string;
    centroidLng: number | null;
    centroidLat: number | null;
  };
  let town2Grid: string;
  beforeAll(async () => {
    const town1 = await t.actorOf('town1');
    const town2 = await t.actorOf('town2');
    const grids = [...(await t.services.territory.dir()).byId.values()]
      .filter((r) => r.level === 'grid')
      .sort((a, b) => a.code.localeCompare(b.code));
    grid = grids.find((g) => g.regionPath.startsWith(`${town1.scopePath}.`))! as typeof grid;
    town2Grid = grids.find((g) => g.regionPath.startsWith(`${town2.scopePath}.`))!.code;
  });
  const csv = () =>
    [
      ADDR_HEADER,
      `${grid.code},东湖路,901,1,1,101,,`,
      `,东湖路,901号,1栋,1单元,102室,,`,
      `,东湖路,1,1,1,101,,`,
      `${grid.code},东湖路,902,,2,,,`,
      `350199999999999,东湖路,903,,,,,`,
      `,滨江支路,1,,,,${grid.centroidLng},${grid.centroidLat}`,
      `${town2Grid},东湖路,904,,,,,`,
      `${grid.code},东湖路,901,1,1,101,,`,
    ].join('\r\n');

  it('creates the missing elements under the existing ones, with codes and the grid by code, point or parent', async () => {
    const r = await importAndRun('town1', '标准地址.csv', Buffer.from(csv()), 'addresses');
    expect(r).toMatchObject({ status: 'done', totalRows: 8, inserted: 3, unchanged: 1, rejected: 4 });
    const issues = (
      await t.as('town1', { method: 'GET', url: `/api/v1/registry/imports/${r.id}/issues` })
    ).json().items;
    expect(issues.map((i: { rowNo: number; column: string }) => [i.rowNo, i.column])).toEqual([
      [5, '单元'],
      [6, '网格编码'],
      [8, '网格编码'],
      [9, '门牌号'],
    ]);
    const town1 = await t.actorOf('town1');
    const [room] = await t.services.registry.matchAddress(town1, '东湖街道东湖路901号1栋1单元102室', 1);
    expect(room).toMatchObject({ score: 1, address: { kind: 'room', gridId: grid.id } });
    const unit = await t.services.registry.getAddress(town1, room!.address.parentId!);
    expect(room!.address.code.startsWith(unit.code)).toBe(true);
    expect(room!.address.code).toHaveLength(unit.code.length + 3);
    const [door] = await t.services.registry.matchAddress(town1, '东湖街道滨江支路1号', 1);
    expect(door).toMatchObject({ score: 1, address: { kind: 'doorplate', gridId: grid.id } });
  });

  it('changes nothing when the same address file is imported again', async () => {
    const r = await importAndRun('town1', '标准地址.csv', Buffer.from(csv()), 'addresses');
    expect(r).toMatchObject({ status: 'done', inserted: 0, unchanged: 4, rejected: 4 });
  });
});
