import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  addressMatchScore,
  checkHouseRow,
  checkOrgRow,
  checkPersonRow,
  IMPORT_COLUMNS,
  type ImportEntity,
  mapHeader,
  maskIdNumber,
  maskPhone,
  normalizeAddress,
  parseAddress,
  type RowIssue,
} from '@fengqiao/domain';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import type { JobsService } from '../jobs/jobs.service';
import { type ImportEncoding, type ImportFormat, readHeader, readRows, sniffImportFile } from './import-file';
import * as repo from './registry.repo';
import { personContentHash, stripRegionPrefix } from './registry.service';
import { RT } from './registry.things';

export const IMPORT_JOB = 'registry.import';
const BATCH = 2000;
/** A fuzzy address match is accepted only when clearly the best: same numbered elements and close text. */
const MATCH_MIN_SCORE = 0.9;
const MATCH_MARGIN = 0.05;

type Resolved = { id: number; path: string } | { error: string };

/**
 * Bulk import of people, organisations and houses (issue #6) from CSV (UTF-8 or GBK) or XLSX, streamed:
 * the upload goes to disk, the header is checked before anything is queued (a wrong header, an empty file,
 * a file too large or in an unknown encoding is refused whole), then a job reads the rows in batches:
 * each row is validated, its address matched to a standard address (which gives the grid), de-duplicated
 * and upserted on the ID number's blind index. Unchanged rows are not written, so re-importing the same
 * file changes nothing. Every rejected row is kept with its row number, column and zh-CN reason.
 */
export function createRegistryImportService(deps: {
  db: Database;
  audit: AuditService;
  pii: PiiCipher;
  jobs: JobsService;
  log: Logger;
  dir: string;
  maxBytes: number;
}) {
  const { db, audit, pii, jobs, log } = deps;
  const dir = join(deps.dir, 'imports');

  /** Streams an upload to disk; refuses it (and removes the part written) once it exceeds the limit. */
  async function store(stream: Readable & { truncated?: boolean }) {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${Date.now()}-${randomBytes(6).toString('hex')}`);
    try {
      await pipeline(stream, createWriteStream(path));
    } catch (e) {
      await rm(path, { force: true });
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw e;
    }
    if (stream.truncated || (await stat(path)).size > deps.maxBytes) {
      await rm(path, { force: true });
      throw tooLarge();
    }
    return path;
  }

  function tooLarge() {
    return new AppError('IMPORT_TOO_LARGE', { limit: `${Math.round(deps.maxBytes / 1024 / 1024)} MB` });
  }

  /** Checks a stored file and queues its import; a refused file is deleted and nothing is queued. */
  async function create(
    actor: Actor,
    input: { entity: ImportEntity; fileName: string; path: string; mapping?: Record<string, string> },
  ) {
    try {
      const { format, encoding } = await sniffImportFile(input.path);
      const { header, hasData } = await readHeader(input.path, format, encoding).catch((e: unknown) => {
        if (e instanceof AppError) throw e;
        throw new AppError('IMPORT_FORMAT', {
          detail: e instanceof Error ? e.message.slice(0, 200) : '无法读取',
        });
      });
      if (!header || !hasData) throw new AppError('IMPORT_EMPTY');
      const mapped = mapHeader(input.entity, header, input.mapping ?? {});
      if (mapped.unknownMapping.length)
        throw new AppError('IMPORT_MAPPING', { detail: `文件中没有列 ${mapped.unknownMapping.join('、')}` });
      if (mapped.missing.length)
        throw new AppError('IMPORT_HEADER', { missing: mapped.missing.join('、') }, { header });
      return await transaction(db, actor, async () => {
        const row = await repo.insertImport({
          entity: input.entity,
          fileName: input.fileName.slice(0, 200),
          format,
          encoding,
          storedAs: input.path,
          mapping: Object.fromEntries(Object.entries(mapped.index).map(([k, v]) => [k, String(v)])),
          status: 'queued',
          createdBy: actor.userId,
          regionPath: actor.scopePath === '*' ? '' : actor.scopePath,
        });
        await jobs.enqueue({
          type: IMPORT_JOB,
          payload: { importId: row.id },
          ref: `import:${row.id}`,
          maxAttempts: 3,
        });
        await audit.record({
          action: 'registry.import.create',
          objectType: 'registryImport',
          objectId: row.id,
          diff: { entity: input.entity, fileName: row.fileName, format, encoding },
        });
        return row;
      });
    } catch (e) {
      await rm(input.path, { force: true });
      throw e;
    }
  }

  // ---------- the job ----------

  async function run(jobId: number, importId: number) {
    const imp = await transaction(db, SYSTEM_ACTOR, () => repo.importById(importId));
    if (!imp || imp.status === 'done') return;
    // Reads are scoped as the importer (RLS); writes run as the system after the scope checks below.
    const importer: Actor = {
      userId: imp.createdBy,
      username: `import:${imp.id}`,
      roles: [],
      scopePath: imp.regionPath || '*',
      departmentId: null,
    };
    const within = (path: string) =>
      importer.scopePath === '*' || path === importer.scopePath || path.startsWith(`${importer.scopePath}.`);
    const counts = { total: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 };
    // A retried job starts over: its earlier issues are replaced; written rows are found unchanged.
    await transaction(db, SYSTEM_ACTOR, async () => {
      await repo.deleteImportIssues(importId);
      await repo.updateImport(importId, {
        status: 'running',
        processed: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        warnings: 0,
      });
    });
    const index = Object.fromEntries(Object.entries(imp.mapping).map(([k, v]) => [k, Number(v)]));
    const resolver = addressResolver(importer);
    const seen = new Set<string>();
    const flush = entityBatch(imp.entity, {
      importer,
      within,
      resolver,
      seen,
      counts,
      importId,
      regionPath: imp.regionPath || '',
    });
    let batch: { rowNo: number; get: (f: string) => string }[] = [];
    let header = true;
    try {
      for await (const { rowNo, cells } of readRows(
        imp.storedAs,
        imp.format as ImportFormat,
        imp.encoding as ImportEncoding,
      )) {
        if (header) {
          header = false;
          continue;
        }
        batch.push({ rowNo, get: (f) => (index[f] === undefined ? '' : (cells[index[f]!] ?? '')) });
        if (batch.length >= BATCH) {
          await flush(batch);
          batch = [];
          if (!(await jobs.heartbeat(jobId))) throw new Error('import job lease lost');
        }
      }
      if (batch.length) await flush(batch);
      await transaction(db, SYSTEM_ACTOR, async () => {
        await repo.updateImport(importId, {
          status: 'done',
          finishedAt: new Date(),
          totalRows: counts.total,
        });
        await audit.record({
          action: 'registry.import.finish',
          objectType: 'registryImport',
          objectId: importId,
          diff: { ...counts },
        });
      });
    } catch (e) {
      log.error({ err: e, importId }, 'registry import failed');
      await transaction(db, SYSTEM_ACTOR, () =>
        repo.updateImport(importId, {
          status: 'failed',
          error: e instanceof Error ? e.message.slice(0, 500) : String(e),
        }),
      );
      throw e;
    }
  }

  /** Free text → standard address in the importer's scope: exact normalised text, else a clear trigram winner. */
  function addressResolver(importer: Actor) {
    const cache = new Map<string, Resolved>();
    return async (texts: string[]): Promise<Map<string, Resolved>> => {
      const out = new Map<string, Resolved>();
      const todo = new Map<string, string[]>(); // norm → raw texts
      for (const t of texts) {
        if (out.has(t)) continue;
        const norm = stripRegionPrefix(normalizeAddress(t));
        const hit = cache.get(norm);
        if (hit) out.set(t, hit);
        else todo.set(norm, [...(todo.get(norm) ?? []), t]);
      }
      if (!todo.size) return out;
      const norms = [...todo.keys()];
      const exact = await transaction(db, importer, () => repo.addressesByNorms(norms));
      const found = new Map<string, Resolved>(exact.map((a) => [a.norm, { id: a.id, path: a.path }]));
      const misses = norms.filter((n) => !found.has(n));
      if (misses.length) {
        const cands = await transaction(db, importer, () => repo.addressCandidatesBatch(misses, 5));
        const byQ = new Map<string, typeof cands>();
        for (const c of cands) byQ.set(c.q, [...(byQ.get(c.q) ?? []), c]);
        for (const n of misses) {
          const q = parseAddress(n);
          const ranked = (byQ.get(n) ?? [])
            .map((c) => ({
              c,
              score: addressMatchScore(
                q,
                parseAddress(c.norm.replace(/^[^街道镇乡]+(街道|镇|乡)/, '')),
                c.sim,
              ),
            }))
            .sort((a, b) => b.score - a.score);
          const best = ranked[0];
          if (
            best &&
            best.score >= MATCH_MIN_SCORE &&
            (!ranked[1] || best.score - ranked[1].score >= MATCH_MARGIN)
          )
            found.set(n, { id: best.c.id, path: best.c.path });
          else
            found.set(n, {
              error:
                best && best.score >= MATCH_MIN_SCORE
                  ? '有多个相近的标准地址，请写明楼栋、单元和户室'
                  : '匹配不到标准地址',
            });
        }
      }
      for (const [norm, raws] of todo) {
        const r = found.get(norm)!;
        if (cache.size > 200_000) cache.clear();
        cache.set(norm, r);
        for (const t of raws) out.set(t, r);
      }
      return out;
    };
  }

  interface BatchCtx {
    importer: Actor;
    within: (path: string) => boolean;
    resolver: ReturnType<typeof addressResolver>;
    seen: Set<string>;
    counts: {
      total: number;
      inserted: number;
      updated: number;
      unchanged: number;
      rejected: number;
      warnings: number;
    };
    importId: number;
    regionPath: string;
  }
  type Row = { rowNo: number; get: (f: string) => string };

  function entityBatch(entity: string, ctx: BatchCtx) {
    if (entity === 'people') return (rows: Row[]) => peopleBatch(ctx, rows);
    if (entity === 'organisations') return (rows: Row[]) => orgBatch(ctx, rows);
    if (entity === 'houses') return (rows: Row[]) => houseBatch(ctx, rows);
    throw new Error(`import of ${entity} is not supported`);
  }

  async function finishBatch(
    ctx: BatchCtx,
    rows: number,
    issues: (RowIssue & { rowNo: number })[],
    write: () => Promise<void>,
  ) {
    const rejectedRows = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.rowNo));
    ctx.counts.total += rows;
    ctx.counts.rejected += rejectedRows.size;
    ctx.counts.warnings += issues.filter((i) => i.severity === 'warning').length;
    await transaction(db, SYSTEM_ACTOR, async () => {
      await write();
      await repo.insertImportIssues(
        issues.map((i) => ({
          importId: ctx.importId,
          rowNo: i.rowNo,
          column: i.column,
          severity: i.severity,
          reason: i.reason,
          regionPath: ctx.regionPath,
        })),
      );
      await repo.updateImport(ctx.importId, {
        processed: ctx.counts.total,
        inserted: ctx.counts.inserted,
        updated: ctx.counts.updated,
        unchanged: ctx.counts.unchanged,
        rejected: ctx.counts.rejected,
        warnings: ctx.counts.warnings,
      });
    });
  }

  async function resolveAll(
    ctx: BatchCtx,
    items: { rowNo: number; address: string }[],
    column: string,
    issues: (RowIssue & { rowNo: number })[],
  ) {
    const resolved = await ctx.resolver(items.map((x) => x.address));
    const ok = new Map<number, { id: number; path: string }>();
    for (const x of items) {
      const r = resolved.get(x.address)!;
      if ('error' in r)
        issues.push({ rowNo: x.rowNo, column, severity: 'error', reason: `地址“${x.address}”${r.error}` });
      else if (!ctx.within(r.path))
        issues.push({ rowNo: x.rowNo, column, severity: 'error', reason: '地址不在您的管辖范围内' });
      else ok.set(x.rowNo, r);
    }
    return ok;
  }

  async function peopleBatch(ctx: BatchCtx, rows: Row[]) {
    const issues: (RowIssue & { rowNo: number })[] = [];
    const valid: {
      rowNo: number;
      v: NonNullable<ReturnType<typeof checkPersonRow>['value']>;
      idx: string;
    }[] = [];
    for (const r of rows) {
      const { value, issues: found } = checkPersonRow(r.get);
      for (const i of found) issues.push({ ...i, rowNo: r.rowNo });
      if (!value) continue;
      const idx = pii.blindIndex(value.idNumber, 'idNumber');
      if (ctx.seen.has(idx)) {
        issues.push({
          rowNo: r.rowNo,
          column: '身份证号',
          severity: 'error',
          reason: '文件中该身份证号重复出现，只导入第一次出现的行',
        });
        continue;
      }
      ctx.seen.add(idx);
      valid.push({ rowNo: r.rowNo, v: value, idx });
    }
    const addr = await resolveAll(
      ctx,
      valid.map((x) => ({ rowNo: x.rowNo, address: x.v.address })),
      '居住地址',
      issues,
    );
    const placed = valid.filter((x) => addr.has(x.rowNo));
    const existing = new Map(
      (await transaction(db, SYSTEM_ACTOR, () => repo.peopleStateByIdx(placed.map((x) => x.idx)))).map(
        (e) => [e.idx, e],
      ),
    );
    const writes: repo.PersonImportRow[] = [];
    for (const x of placed) {
      const a = addr.get(x.rowNo)!;
      const hash = personContentHash({
        name: x.v.name,
        idNumber: x.v.idNumber,
        phone: x.v.phone,
        residenceType: x.v.residenceType,
        addressId: a.id,
        workplace: x.v.workplace,
      });
      const e = existing.get(x.idx);
      if (e && !ctx.within(e.path)) {
        issues.push({
          rowNo: x.rowNo,
          column: '身份证号',
          severity: 'error',
          reason: '该身份证号已在其他辖区登记，请联系所在辖区办理迁移',
        });
        continue;
      }
      if (e && e.hash === hash) {
        ctx.counts.unchanged++;
        continue;
      }
      if (e) ctx.counts.updated++;
      else ctx.counts.inserted++;
      writes.push({
        name: x.v.name,
        enc: pii.encrypt(x.v.idNumber).toString('hex'),
        idx: x.idx,
        masked: maskIdNumber(x.v.idNumber),
        sex: x.v.sex,
        birth: x.v.birthDate,
        phoneEnc: x.v.phone ? pii.encrypt(x.v.phone).toString('hex') : null,
        phoneIdx: x.v.phone ? pii.blindIndex(x.v.phone, 'phone') : null,
        phoneMasked: x.v.phone ? maskPhone(x.v.phone) : null,
        type: x.v.residenceType,
        addressId: a.id,
        workplace: x.v.workplace,
        path: a.path,
        hash,
      });
    }
    await finishBatch(ctx, rows.length, issues, () => repo.upsertPeople(writes));
  }

  async function orgBatch(ctx: BatchCtx, rows: Row[]) {
    const issues: (RowIssue & { rowNo: number })[] = [];
    const valid: { rowNo: number; v: NonNullable<ReturnType<typeof checkOrgRow>['value']> }[] = [];
    for (const r of rows) {
      const { value, issues: found } = checkOrgRow(r.get);
      for (const i of found) issues.push({ ...i, rowNo: r.rowNo });
      if (!value) continue;
      const key = value.creditCode ?? `${value.name}|${normalizeAddress(value.address)}`;
      if (ctx.seen.has(key)) {
        issues.push({
          rowNo: r.rowNo,
          column: '统一社会信用代码',
          severity: 'error',
          reason: '文件中该单位重复出现，只导入第一次出现的行',
        });
        continue;
      }
      ctx.seen.add(key);
      valid.push({ rowNo: r.rowNo, v: value });
    }
    const addr = await resolveAll(
      ctx,
      valid.map((x) => ({ rowNo: x.rowNo, address: x.v.address })),
      '单位地址',
      issues,
    );
    const placed = valid.filter((x) => addr.has(x.rowNo));
    const byCode = new Map(
      (
        await transaction(db, SYSTEM_ACTOR, () =>
          repo.orgStateByCode(placed.flatMap((x) => (x.v.creditCode ? [x.v.creditCode] : []))),
        )
      ).map((o) => [o.code, o]),
    );
    const byName = new Map(
      (
        await transaction(db, SYSTEM_ACTOR, () =>
          repo.orgsByNameAndAddress(
            placed
              .filter((x) => !x.v.creditCode)
              .map((x) => ({ name: x.v.name, addressId: addr.get(x.rowNo)!.id })),
          ),
        )
      ).map((o) => [`${o.name}|${o.addressId}`, o]),
    );
    const inserts: repo.NewOrgRow[] = [];
    const updates: { id: number; set: Partial<repo.NewOrgRow> }[] = [];
    for (const x of placed) {
      const a = addr.get(x.rowNo)!;
      const hash = personContentHash({
        name: x.v.name,
        idNumber: x.v.creditCode ?? '',
        phone: x.v.legalRep,
        residenceType: x.v.type,
        addressId: a.id,
        workplace: null,
      });
      const e = x.v.creditCode ? byCode.get(x.v.creditCode) : byName.get(`${x.v.name}|${a.id}`);
      if (e && 'path' in e && !ctx.within(e.path)) {
        issues.push({
          rowNo: x.rowNo,
          column: '统一社会信用代码',
          severity: 'error',
          reason: '该单位已在其他辖区登记',
        });
        continue;
      }
      const facts = {
        name: x.v.name,
        creditCode: x.v.creditCode,
        creditCodeWarning: x.v.creditCodeWarning,
        type: x.v.type,
        legalRep: x.v.legalRep,
        addressId: a.id,
        regionPath: a.path,
        contentHash: hash,
      };
      if (e && e.hash === hash) ctx.counts.unchanged++;
      else if (e) {
        ctx.counts.updated++;
        updates.push({ id: e.id, set: facts });
      } else {
        ctx.counts.inserted++;
        inserts.push(facts);
      }
    }
    await finishBatch(ctx, rows.length, issues, async () => {
      await repo.insertOrgs(inserts);
      for (const u of updates) await repo.updateOrg(u.id, u.set);
    });
  }

  async function houseBatch(ctx: BatchCtx, rows: Row[]) {
    const issues: (RowIssue & { rowNo: number })[] = [];
    const valid: { rowNo: number; v: NonNullable<ReturnType<typeof checkHouseRow>['value']> }[] = [];
    for (const r of rows) {
      const { value, issues: found } = checkHouseRow(r.get);
      for (const i of found) issues.push({ ...i, rowNo: r.rowNo });
      if (value) valid.push({ rowNo: r.rowNo, v: value });
    }
    const addr = await resolveAll(
      ctx,
      valid.map((x) => ({ rowNo: x.rowNo, address: x.v.address })),
      '房屋地址',
      issues,
    );
    const placed = valid.filter((x) => {
      const a = addr.get(x.rowNo);
      if (!a) return false;
      const key = `house:${a.id}`;
      if (ctx.seen.has(key)) {
        issues.push({
          rowNo: x.rowNo,
          column: '房屋地址',
          severity: 'error',
          reason: '文件中该房屋重复出现，只导入第一次出现的行',
        });
        return false;
      }
      ctx.seen.add(key);
      return true;
    });
    const owners = new Map(
      (
        await transaction(db, ctx.importer, () =>
          repo.personIdsByIdx(
            placed.flatMap((x) => (x.v.ownerIdNumber ? [pii.blindIndex(x.v.ownerIdNumber, 'idNumber')] : [])),
          ),
        )
      ).map((p) => [p.idx, p.id]),
    );
    const existing = new Map(
      (
        await transaction(db, SYSTEM_ACTOR, () =>
          repo.houseStateByAddress(placed.map((x) => addr.get(x.rowNo)!.id)),
        )
      ).map((h) => [h.addressId, h]),
    );
    const inserts: repo.NewHouseRow[] = [];
    const updates: { addressId: number; set: Partial<repo.NewHouseRow> }[] = [];
    for (const x of placed) {
      const a = addr.get(x.rowNo)!;
      let ownerId: number | null = null;
      if (x.v.ownerIdNumber) {
        ownerId = owners.get(pii.blindIndex(x.v.ownerIdNumber, 'idNumber')) ?? null;
        if (ownerId === null)
          issues.push({
            rowNo: x.rowNo,
            column: '房主身份证号',
            severity: 'warning',
            reason: '房主尚未登记为实有人口，已导入房屋但未关联房主',
          });
      }
      const hash = personContentHash({
        name: x.v.use,
        idNumber: String(ownerId ?? ''),
        phone: String(x.v.areaM2 ?? ''),
        residenceType: '',
        addressId: a.id,
        workplace: null,
      });
      const facts = {
        addressId: a.id,
        use: x.v.use,
        ownerId,
        areaM2: x.v.areaM2,
        regionPath: a.path,
        contentHash: hash,
      };
      const e = existing.get(a.id);
      if (e && e.hash === hash) ctx.counts.unchanged++;
      else if (e) {
        ctx.counts.updated++;
        updates.push({ addressId: a.id, set: facts });
      } else {
        ctx.counts.inserted++;
        inserts.push(facts);
      }
    }
    await finishBatch(ctx, rows.length, issues, async () => {
      await repo.insertHouses(inserts);
      for (const u of updates) await repo.updateHouseByAddress(u.addressId, u.set);
    });
  }

  jobs.handle(
    IMPORT_JOB,
    async (job) => {
      await run(job.id, Number(job.payload.importId));
    },
    { transactional: false, baseDelayMs: 10_000 },
  );

  return {
    store,
    create,
    run,
    get: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const row = await repo.importById(id);
        if (!row) throw notFound(RT.import);
        return row;
      }),
    list: (actor: Actor) => transaction(db, actor, () => repo.listImports(50)),
    issues: (actor: Actor, id: number, limit: number, offset: number) =>
      transaction(db, actor, async () => {
        const row = await repo.importById(id);
        if (!row) throw notFound(RT.import);
        return { import: row, items: await repo.importIssues(id, limit, offset) };
      }),
    columns: (entity: ImportEntity) => IMPORT_COLUMNS[entity],
  };
}

export type RegistryImportService = ReturnType<typeof createRegistryImportService>;
