import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { paged, pageQuery, queryBool } from '../../platform/http/schemas';
import type { AuditService } from './audit.service';

/** Only the audit administrator reads the trail (三权分立); reading it is itself audited. */
export function auditRoutes(deps: { audit: AuditService }) {
  const { audit } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/v1/audit',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: '审计日志查询 / Search the audit log',
          querystring: z.strictObject({
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            actor: z.string().max(64).optional(),
            action: z.string().max(64).optional(),
            objectType: z.string().max(64).optional(),
            objectId: z.string().max(64).optional(),
            success: queryBool.optional(),
            ...pageQuery,
          }),
        },
      },
      async (req) => {
        const q = req.query;
        const filter = {
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          actor: q.actor,
          action: q.action,
          objectType: q.objectType,
          objectId: q.objectId,
          success: q.success,
        };
        const { rows, total } = await audit.search(req.actor, filter, q.pageSize, (q.page - 1) * q.pageSize);
        return paged(
          rows.map(({ hmac: _h, ...row }) => ({ ...row, occurredAt: row.occurredAt.toISOString() })),
          total,
          q.page,
          q.pageSize,
        );
      },
    );

    r.post(
      '/api/v1/audit/verify',
      {
        config: { permission: 'audit:read', idempotent: false },
        schema: { tags: ['audit'], summary: '校验审计链 / Verify the chain' },
      },
      async (req) => {
        const report = await audit.verify();
        await audit.recordAs(req.actor, {
          action: 'audit.verify',
          objectType: 'audit',
          diff: { ok: report.ok, rows: report.rowsChecked },
        });
        return report;
      },
    );
  };
}
