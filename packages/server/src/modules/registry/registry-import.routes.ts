import { PassThrough } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { IMPORT_COLUMNS, IMPORT_ENTITIES, type ImportEntity, RESIDENCE_TYPES } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { hasPermission } from '../../platform/http/auth-hooks';
import { idParam } from '../../platform/http/schemas';
import type { ImportRow } from './registry.repo';
import type { createRegistryExport } from './registry-export';
import type { RegistryImportService } from './registry-import.service';

function presentImport(i: ImportRow) {
  return {
    id: i.id,
    entity: i.entity,
    fileName: i.fileName,
    format: i.format,
    encoding: i.encoding,
    status: i.status,
    totalRows: i.totalRows,
    processed: i.processed,
    inserted: i.inserted,
    updated: i.updated,
    unchanged: i.unchanged,
    rejected: i.rejected,
    warnings: i.warnings,
    error: i.error,
    path: i.regionPath,
    createdAt: i.createdAt.toISOString(),
    finishedAt: i.finishedAt?.toISOString() ?? null,
  };
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // A leading = + - @ would run as a formula in Excel (CSV injection).
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function registryImportRoutes(deps: {
  imports: RegistryImportService;
  exporter: ReturnType<typeof createRegistryExport>;
  maxBytes: number;
}) {
  const { imports, exporter } = deps;
  return async (app: FastifyInstance) => {
    await app.register(fastifyMultipart, {
      limits: { fileSize: deps.maxBytes, files: 1, fields: 5, fieldSize: 4096, parts: 6 },
    });
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/registry/imports',
      {
        config: { permission: 'registry:import', idempotent: false },
        schema: {
          tags: ['registry'],
          summary: '导入 CSV/XLSX（实有人口、单位、房屋）/ Import a file',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        if (!req.isMultipart())
          throw new AppError('IMPORT_FORMAT', { detail: '请以 multipart/form-data 上传文件' });
        let entity: ImportEntity | null = null;
        let mapping: Record<string, string> | undefined;
        let stored: { path: string; name: string } | null = null;
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file') {
              if (stored) continue;
              stored = { path: await imports.store(part.file), name: part.filename || 'import' };
            } else if (part.fieldname === 'entity') {
              const v = String(part.value);
              if (!(IMPORT_ENTITIES as readonly string[]).includes(v))
                throw new AppError('IMPORT_MAPPING', { detail: `未知的数据类别 ${v}` });
              entity = v as ImportEntity;
            } else if (part.fieldname === 'mapping') {
              const parsed = z
                .record(z.string(), z.string().max(50))
                .safeParse(JSON.parse(String(part.value) || '{}'));
              if (!parsed.success) throw new AppError('IMPORT_MAPPING', { detail: '映射应为 {字段: 表头}' });
              mapping = parsed.data;
            }
          }
        } catch (e) {
          if (stored) await import('node:fs/promises').then((fs) => fs.rm(stored!.path, { force: true }));
          const code = (e as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE')
            throw new AppError('IMPORT_TOO_LARGE', {
              limit: `${Math.round(deps.maxBytes / 1024 / 1024)} MB`,
            });
          if (e instanceof SyntaxError)
            throw new AppError('IMPORT_MAPPING', { detail: '映射不是有效的 JSON' });
          throw e;
        }
        if (!stored) throw new AppError('IMPORT_EMPTY');
        if (!entity) {
          await import('node:fs/promises').then((fs) => fs.rm(stored!.path, { force: true }));
          throw new AppError('IMPORT_MAPPING', { detail: '缺少数据类别 entity' });
        }
        const row = await imports.create(req.actor, {
          entity,
          fileName: stored.name,
          path: stored.path,
          ...(mapping ? { mapping } : {}),
        });
        reply.code(202);
        return presentImport(row);
      },
    );

    r.get(
      '/api/v1/registry/imports',
      { config: { permission: 'registry:import' }, schema: { tags: ['registry'], summary: '导入任务列表' } },
      async (req) => ({ items: (await imports.list(req.actor)).map(presentImport) }),
    );

    r.get(
      '/api/v1/registry/imports/template',
      {
        config: { permission: 'registry:import' },
        schema: {
          tags: ['registry'],
          summary: '导入模板（CSV）/ Import template',
          querystring: z.strictObject({ entity: z.enum(IMPORT_ENTITIES) }),
        },
      },
      async (req, reply) => {
        const cols = IMPORT_COLUMNS[req.query.entity];
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', disposition(`导入模板-${req.query.entity}.csv`));
        return `\ufeff${cols.map((c) => csvCell(c.label + (c.required ? '' : ''))).join(',')}\r\n`;
      },
    );

    r.get(
      '/api/v1/registry/imports/:id',
      { config: { permission: 'registry:import' }, schema: { tags: ['registry'], params: idParam } },
      async (req) => presentImport(await imports.get(req.actor, req.params.id)),
    );

    r.get(
      '/api/v1/registry/imports/:id/issues',
      {
        config: { permission: 'registry:import' },
        schema: {
          tags: ['registry'],
          summary: '被拒绝与警告的行 / Rejected and warned rows',
          params: idParam,
          querystring: z.strictObject({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (req) => {
        const res = await imports.issues(req.actor, req.params.id, req.query.limit, req.query.offset);
        return {
          import: presentImport(res.import),
          items: res.items.map((i) => ({
            rowNo: i.rowNo,
            column: i.column,
            severity: i.severity,
            reason: i.reason,
          })),
        };
      },
    );

    r.get(
      '/api/v1/registry/imports/:id/issues.csv',
      {
        config: { permission: 'registry:import' },
        schema: {
          tags: ['registry'],
          summary: '下载被拒绝的行（CSV）/ Download rejected rows',
          params: idParam,
        },
      },
      async (req, reply) => {
        const first = await imports.issues(req.actor, req.params.id, 5000, 0);
        const out = new PassThrough();
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', disposition(`导入问题-${first.import.fileName}.csv`));
        // Streamed page by page; the UTF-8 BOM makes Excel read the Chinese text correctly.
        void (async () => {
          out.write('\ufeff行号,列,级别,原因\r\n');
          let page = first.items;
          let offset = 0;
          while (page.length) {
            out.write(
              page
                .map((i) =>
                  [i.rowNo, i.column, i.severity === 'error' ? '拒绝' : '警告', i.reason]
                    .map(csvCell)
                    .join(','),
                )
                .join('\r\n') + '\r\n',
            );
            offset += page.length;
            page =
              page.length < 5000 ? [] : (await imports.issues(req.actor, req.params.id, 5000, offset)).items;
          }
          out.end();
        })().catch((e) => out.destroy(e));
        return reply.send(out);
      },
    );

    r.get(
      '/api/v1/registry/people/export',
      {
        config: { permission: 'registry:read' },
        schema: {
          tags: ['registry'],
          summary: '导出实有人口（Excel；默认脱敏）/ Export people to Excel (masked by default)',
          querystring: z.strictObject({
            q: z.string().trim().max(50).optional(),
            regionPath: z
              .string()
              .regex(/^\d+(\.\d+)*$/)
              .max(200)
              .optional(),
            residenceType: z.enum(RESIDENCE_TYPES).optional(),
            unmask: z.enum(['true', 'false']).default('false'),
            reason: z.string().trim().max(200).optional(),
          }),
        },
      },
      async (req, reply) => {
        const { unmask, reason, ...f } = req.query;
        const wantFull = unmask === 'true';
        if (wantFull && !hasPermission(req, 'pii:unmask')) throw new AppError('FORBIDDEN');
        if (wantFull && !reason) throw new AppError('UNMASK_REASON_REQUIRED');
        const out = new PassThrough();
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', disposition('实有人口.xlsx'));
        void exporter
          .exportPeople(req.actor, f, { unmask: wantFull, reason }, out)
          .catch((e) => out.destroy(e));
        return reply.send(out);
      },
    );
  };
}
