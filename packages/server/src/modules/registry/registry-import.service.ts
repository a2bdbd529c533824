import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AddressMatcher,
  type AddressRowValue,
  checkAddressRow,
  checkHouseRow,
  checkOrgRow,
  IMPORT_COLUMNS,
  type ImportEntity,
  mapHeader,
  normalizeAddress,
  type RowIssue,
  withoutTown,
} from '@fengqiao/domain';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import type { JobsService } from '../jobs/jobs.service';
import type { TerritoryService } from '../territory/territory.service';
import { type ImportEncoding, type ImportFormat, readHeader, readRows, sniffImportFile } from './import-file';
import { preparedPeopleChunks } from './import-pool';
import { BinaryKeySet, type IssueRow, KEY_BYTES, type PreparedPeopleChunk } from './people-prepare';
import * as repo from './registry.repo';
import { type AddressNode, personContentHash, type RegistryService } from './registry.service';
import { RT } from './registry.things';

export const IMPORT_JOB = 'registry.import';
type Row = { rowNo: number; get: (f: string) => string };
/** Distinct unknown address texts per file that may start a fuzzy doorplate search (the rest are refused). */
const FUZZY_BUDGET = 20_000;

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
  territory: TerritoryService;
  registry: RegistryService;
  log: Logger;
  dir: string;
  maxBytes: number;
  /** Worker threads for people imports (0 = the main thread); `keys` are handed to them in memory. */
  workers?: number;
  keys: { pii: Buffer; blindIndex: Buffer };
  /** Rows per chunk (FENGQIAO_IMPORT_BATCH, default 5,000: a people chunk is then ~3 MB of COPY text). */
  batch?: number;
}) {
  const BATCH = deps.batch ?? 5000;
  const ANALYZE_AFTER_ROWS = 10_000;
  const { db, audit, pii, jobs, log, territory, registry } = deps;
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
      await repo.updateImport(importId, { status: 'running', ...progressOf(counts) });
    });
    const index = Object.fromEntries(Object.entries(imp.mapping).map(([k, v]) => [k, Number(v)]));
    // Every standard address of the importer's scope, loaded once: matching a row is then a Map lookup.
    const t0 = performance.now();
    let known: Awaited<ReturnType<typeof repo.addressIndex>> | null = await transaction(db, importer, () =>
      repo.addressIndex(),
    );
    const loadMs = Math.round(performance.now() - t0);
    const file = {
      path: imp.storedAs,
      format: imp.format as ImportFormat,
      encoding: imp.encoding as ImportEncoding,
    };
    const pipe: { inflight: Promise<void> | null } = { inflight: null };
    try {
      if (imp.entity === 'people') {
        // Parsing and preparing (checks, address matching, encryption) run in worker threads; this thread
        // applies the prepared chunks in file order and writes them, one chunk while the next is prepared.
        const ctx: PeopleCtx = {
          seen: new BinaryKeySet(),
          counts,
          importId,
          regionPath: imp.regionPath || '',
          scope: importer.scopePath === '*' ? null : importer.scopePath,
        };
        const chunks = preparedPeopleChunks({
          workers: deps.workers ?? 0,
          keys: deps.keys,
          addresses: known,
          fuzzyBudget: FUZZY_BUDGET,
          index,
          scopePath: importer.scopePath,
          batch: BATCH,
          file,
          onReady: (info) =>
            log.info({ importId, ...info, loadMs, workers: deps.workers ?? 0 }, 'import matcher ready'),
        });
        known = null; // the workers (or the in-thread matcher) have their own copy now
        for await (const chunk of chunks) {
          const write = applyPeopleChunk(ctx, chunk);
          if (pipe.inflight) await pipe.inflight;
          pipe.inflight = write();
          pipe.inflight.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
          if (!(await jobs.heartbeat(jobId))) throw new Error('import job lease lost');
        }
      } else await otherEntities(jobId, imp, importer, within, index, known!, counts, file, pipe);
      if (pipe.inflight) await pipe.inflight;
      // A big import changes the table's shape faster than autovacuum notices; without fresh statistics
      // the name search picked a scan of the region index over every row (2.4 s p95 after a 1.5M import).
      if (counts.inserted + counts.updated >= ANALYZE_AFTER_ROWS)
        await repo.analyzeRegistry(db.orm, imp.entity);
      log.info({ importId, ...counts }, 'import finished');
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
      await pipe.inflight?.catch(() => {});
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

  async function otherEntities(
    jobId: number,
    imp: repo.ImportRow,
    importer: Actor,
    within: (path: string) => boolean,
    index: Record<string, number>,
    known: Awaited<ReturnType<typeof repo.addressIndex>>,
    counts: BatchCtx['counts'],
    file: { path: string; format: ImportFormat; encoding: ImportEncoding },
    pipe: { inflight: Promise<void> | null },
  ) {
    const matcher = new AddressMatcher(known, { fuzzyBudget: FUZZY_BUDGET });
    const seen = new Set<string>();
    const prepare = entityBatch(imp.entity, {
      importer,
      within,
      matcher,
      seen,
      counts,
      importId: imp.id,
      regionPath: imp.regionPath || '',
      book: imp.entity === 'addresses' ? addressBook(known) : null,
    });
    // Address rows build on the addresses earlier chunks created, so those chunks are written one by one.
    const serial = imp.entity === 'addresses';
    // A chunk is prepared (validated, matched, encrypted) while the previous one is being written.
    const submit = async (rows: Row[]) => {
      const write = await prepare(rows);
      if (pipe.inflight) await pipe.inflight;
      if (serial) return write();
      pipe.inflight = write();
      pipe.inflight.catch(() => {}); // awaited by the caller; this only keeps it from counting as unhandled meanwhile
    };
    let batch: Row[] = [];
    let header = true;
    for await (const { rowNo, cells } of readRows(file.path, file.format, file.encoding)) {
      if (header) {
        header = false;
        continue;
      }
      batch.push({ rowNo, get: (f) => (index[f] === undefined ? '' : (cells[index[f]!] ?? '')) });
      if (batch.length >= BATCH) {
        await submit(batch);
        batch = [];
        if (!(await jobs.heartbeat(jobId))) throw new Error('import job lease lost');
      }
    }
    if (batch.length) await submit(batch);
  }

  /** A chunk's issues as rows of the import's report (kept in the importer's area for RLS). */
  function issueRows(ctx: { importId: number; regionPath: string }, issues: readonly IssueRow[]) {
    return issues.map((i) => ({
      importId: ctx.importId,
      rowNo: i.rowNo,
      column: i.column,
      severity: i.severity,
      reason: i.reason,
      regionPath: ctx.regionPath,
    }));
  }

  interface PeopleCtx {
    seen: BinaryKeySet;
    counts: BatchCtx['counts'];
    importId: number;
    regionPath: string;
    /** The importer's scope, null = every scope. */
    scope: string | null;
  }

  /**
   * Applies a prepared chunk in file order: the in-file duplicate check (binary keys), then the issues in
   * the order the rows gave them (the checks and duplicates row by row, then the addresses). Answers the
   * write: one transaction with the COPY + upsert, the issues and the progress.
   */
  function applyPeopleChunk(ctx: PeopleCtx, c: PreparedPeopleChunk) {
    const issues: IssueRow[] = [];
    const addrIssues: IssueRow[] = [];
    const lines: string[] = [];
    let ci = 0;
    for (let j = 0; j < c.rowNos.length; j++) {
      const rowNo = c.rowNos[j]!;
      while (ci < c.checkIssues.length && c.checkIssues[ci]!.rowNo <= rowNo)
        issues.push(c.checkIssues[ci++]!);
      if (!ctx.seen.add(c.keys, j * KEY_BYTES)) {
        issues.push({
          rowNo,
          column: '身份证号',
          severity: 'error',
          reason: '文件中该身份证号重复出现，只导入第一次出现的行',
        });
        continue;
      }
      const a = c.addrIssues[j];
      if (a) addrIssues.push({ rowNo, column: '居住地址', severity: 'error', reason: a });
      else lines.push(c.lines[j]!);
    }
    while (ci < c.checkIssues.length) issues.push(c.checkIssues[ci++]!);
    for (const i of addrIssues) issues.push(i);
    const text = lines.join('');
    const placed = lines.length;
    return () =>
      transaction(db, SYSTEM_ACTOR, async () => {
        const r = await repo.upsertPeopleLines(text, ctx.scope);
        for (const rowNo of r.foreign)
          issues.push({
            rowNo,
            column: '身份证号',
            severity: 'error',
            reason: '该身份证号已在其他辖区登记，请联系所在辖区办理迁移',
          });
        const counts = ctx.counts;
        counts.total += c.rows;
        counts.rejected += new Set(issues.filter((i) => i.severity === 'error').map((i) => i.rowNo)).size;
        counts.warnings += issues.filter((i) => i.severity === 'warning').length;
        counts.inserted += r.ins;
        counts.updated += r.upd;
        counts.unchanged += placed - r.ins - r.upd - r.foreign.length;
        await repo.insertImportIssues(issueRows(ctx, issues));
        await repo.updateImport(ctx.importId, progressOf(counts));
      });
  }

  /** An import row's progress columns from the running counts. */
  const progressOf = (c: BatchCtx['counts']) => ({
    processed: c.total,
    inserted: c.inserted,
    updated: c.updated,
    unchanged: c.unchanged,
    rejected: c.rejected,
    warnings: c.warnings,
  });

  interface BatchCtx {
    importer: Actor;
    within: (path: string) => boolean;
    matcher: AddressMatcher;
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
    /** Address imports: every address of the scope by norm, and the doorplates by their text after the town. */
    book: AddressBook | null;
  }
  /** Prepares a chunk (CPU and reads) and answers the write to run for it (one transaction). */
  type Prepared = Promise<() => Promise<void>>;

  function entityBatch(entity: string, ctx: BatchCtx): (rows: Row[]) => Prepared {
    if (entity === 'organisations') return (rows: Row[]) => orgBatch(ctx, rows);
    if (entity === 'houses') return (rows: Row[]) => houseBatch(ctx, rows);
    if (entity === 'addresses') return (rows: Row[]) => addressBatch(ctx, rows);
    throw new Error(`import of ${entity} is not supported`);
  }

  function finishBatch(
    ctx: BatchCtx,
    rows: number,
    issues: (RowIssue & { rowNo: number })[],
    write: () => Promise<void>,
  ) {
    const rejectedRows = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.rowNo));
    ctx.counts.total += rows;
    ctx.counts.rejected += rejectedRows.size;
    ctx.counts.warnings += issues.filter((i) => i.severity === 'warning').length;
    const progress = { ...ctx.counts };
    return () =>
      transaction(db, SYSTEM_ACTOR, async () => {
        await write();
        await repo.insertImportIssues(issueRows(ctx, issues));
        await repo.updateImport(ctx.importId, progressOf(progress));
      });
  }

  function resolveAll(
    ctx: BatchCtx,
    items: { rowNo: number; address: string }[],
    column: string,
    issues: (RowIssue & { rowNo: number })[],
  ) {
    const ok = new Map<number, { id: number; path: string }>();
    for (const x of items) {
      const r = ctx.matcher.match(x.address);
      if ('error' in r)
        issues.push({ rowNo: x.rowNo, column, severity: 'error', reason: `地址“${x.address}”${r.error}` });
      else if (!ctx.within(r.path))
        issues.push({ rowNo: x.rowNo, column, severity: 'error', reason: '地址不在您的管辖范围内' });
      else ok.set(x.rowNo, r);
    }
    return ok;
  }

  async function orgBatch(ctx: BatchCtx, rows: Row[]): Prepared {
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
    const addr = resolveAll(
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
    return finishBatch(ctx, rows.length, issues, async () => {
      await repo.insertOrgs(inserts);
      for (const u of updates) await repo.updateOrg(u.id, u.set);
    });
  }

  async function houseBatch(ctx: BatchCtx, rows: Row[]): Prepared {
    const issues: (RowIssue & { rowNo: number })[] = [];
    const valid: { rowNo: number; v: NonNullable<ReturnType<typeof checkHouseRow>['value']> }[] = [];
    for (const r of rows) {
      const { value, issues: found } = checkHouseRow(r.get);
      for (const i of found) issues.push({ ...i, rowNo: r.rowNo });
      if (value) valid.push({ rowNo: r.rowNo, v: value });
    }
    const addr = resolveAll(
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
    return finishBatch(ctx, rows.length, issues, async () => {
      await repo.insertHouses(inserts);
      for (const u of updates) await repo.updateHouseByAddress(u.addressId, u.set);
    });
  }

  type BookEntry = { id: number; kind: string; gridId: number | null; path: string; norm: string };
  type AddressBook = { byNorm: Map<string, BookEntry>; doorsByShort: Map<string, BookEntry[]> };

  function addressBook(
    rows: { id: number; kind: string; gridId: number | null; norm: string; path: string }[],
  ): AddressBook {
    const book: AddressBook = { byNorm: new Map(), doorsByShort: new Map() };
    for (const r of rows)
      remember(book, { id: r.id, kind: r.kind, gridId: r.gridId, path: r.path, norm: r.norm });
    return book;
  }

  function remember(book: AddressBook, e: BookEntry) {
    book.byNorm.set(e.norm, e);
    if (e.kind === 'doorplate') {
      const short = withoutTown(e.norm);
      book.doorsByShort.set(short, [...(book.doorsByShort.get(short) ?? []), e]);
    }
  }

  /**
   * 一标 import: each row names a road, a doorplate and optionally building, unit and room. Elements that
   * exist are reused (matched on their normalised full text), the missing ones are created under them with
   * codes continuing their parent's numbering (`registry.insertAddressTree`). The grid comes from the grid
   * code, else from the point (located in the territory), else from the doorplate already registered.
   */
  async function addressBatch(ctx: BatchCtx, rows: Row[]): Prepared {
    const book = ctx.book!;
    const dir = await territory.dir();
    const issues: (RowIssue & { rowNo: number })[] = [];
    const fresh = new Map<string, { node: AddressNode; entry: BookEntry }>();
    const roots: AddressNode[] = [];
    const freshDoors = new Map<string, BookEntry[]>();
    const gridOf = (rowNo: number, v: AddressRowValue) => {
      if (v.gridCode) {
        const g = dir.byCode.get(v.gridCode);
        if (!g || (g.level !== 'grid' && g.level !== 'microGrid')) {
          issues.push({
            rowNo,
            column: '网格编码',
            severity: 'error',
            reason: `网格编码“${v.gridCode}”不存在`,
          });
          return null;
        }
        return g;
      }
      if (v.point) {
        const chain = dir.locate(v.point[0], v.point[1]);
        const g = chain?.[chain.length - 1];
        if (!g) issues.push({ rowNo, column: '经度', severity: 'error', reason: '坐标不在任何网格内' });
        return g ?? null;
      }
      const short = withoutTown(normalizeAddress(v.road + v.doorplate));
      const doors = [...(book.doorsByShort.get(short) ?? []), ...(freshDoors.get(short) ?? [])];
      const g = doors.length === 1 && doors[0]!.gridId ? dir.byId.get(doors[0]!.gridId) : undefined;
      if (!g)
        issues.push({
          rowNo,
          column: '网格编码',
          severity: 'error',
          reason:
            doors.length > 1
              ? '该门牌在多个街道都有，请填写网格编码或坐标'
              : '缺少网格编码或坐标，且该门牌尚未登记，无法确定所属网格',
        });
      return g ?? null;
    };
    let created = 0;
    for (const r of rows) {
      const { value: v, issues: found } = checkAddressRow(r.get);
      for (const i of found) issues.push({ ...i, rowNo: r.rowNo });
      if (!v) continue;
      const grid = gridOf(r.rowNo, v);
      if (!grid) continue;
      if (!ctx.within(grid.regionPath)) {
        issues.push({
          rowNo: r.rowNo,
          column: '网格编码',
          severity: 'error',
          reason: '网格不在您的管辖范围内',
        });
        continue;
      }
      const town = dir.chain(grid.id).find((x) => x.level === 'town');
      if (!town) continue;
      const levels: [AddressNode['kind'], string | null][] = [
        ['road', v.road],
        ['doorplate', v.doorplate],
        ['building', v.building],
        ['unit', v.unit],
        ['room', v.room],
      ];
      let full = town.name;
      let parent: { existing: BookEntry } | { node: AddressNode } | null = null;
      let deepestNew = false;
      let deepestNorm = '';
      for (const [kind, name] of levels) {
        if (!name) continue;
        full += kind === 'road' ? normalizeAddress(name) : name;
        const norm = normalizeAddress(full);
        deepestNorm = norm;
        const have = book.byNorm.get(norm);
        if (have) {
          if (kind === 'doorplate' && v.gridCode && have.gridId !== grid.id)
            issues.push({
              rowNo: r.rowNo,
              column: '网格编码',
              severity: 'warning',
              reason: '门牌已登记在另一个网格，沿用已登记的网格',
            });
          parent = { existing: have };
          deepestNew = false;
          continue;
        }
        const pending = fresh.get(norm);
        if (pending) {
          parent = { node: pending.node };
          deepestNew = true;
          continue;
        }
        const node: AddressNode = { kind, name };
        if (kind === 'road') node.regionId = town.id;
        if (kind === 'doorplate') node.gridId = grid.id;
        if (kind === 'doorplate' && v.point) {
          node.lng = v.point[0];
          node.lat = v.point[1];
        }
        if (!parent) roots.push(node);
        else if ('existing' in parent) {
          node.parentId = parent.existing.id;
          roots.push(node);
        } else {
          parent.node.children ??= [];
          parent.node.children.push(node);
        }
        const path = kind === 'road' ? town.regionPath : grid.regionPath;
        const entry = { id: 0, kind, gridId: kind === 'road' ? null : grid.id, path, norm };
        fresh.set(norm, { node, entry });
        if (kind === 'doorplate') freshDoors.set(withoutTown(norm), [entry]);
        parent = { node };
        deepestNew = true;
        created++;
      }
      if (ctx.seen.has(deepestNorm)) {
        issues.push({
          rowNo: r.rowNo,
          column: '门牌号',
          severity: 'error',
          reason: '文件中该地址重复出现，只导入第一次出现的行',
        });
        continue;
      }
      ctx.seen.add(deepestNorm);
      if (deepestNew) ctx.counts.inserted++;
      else ctx.counts.unchanged++;
    }
    return finishBatch(ctx, rows.length, issues, async () => {
      if (!created) return;
      await registry.insertAddressTree(SYSTEM_ACTOR, roots);
      for (const { node, entry } of fresh.values()) remember(book, { ...entry, id: node.id! });
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
