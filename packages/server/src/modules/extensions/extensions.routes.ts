import { DURATION_UNITS, EXTENSION_WORKFLOW } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExtensionRow } from './extensions.repo';
import type { ExtensionsService } from './extensions.service';

const parentParams = z.strictObject({
  kind: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
  id: z.coerce.number().int().positive(),
});

function present(r: ExtensionRow) {
  return {
    id: r.id,
    state: r.state,
    stateLabel: EXTENSION_WORKFLOW.states[r.state as keyof typeof EXTENSION_WORKFLOW.states]?.label ?? null,
    version: r.version,
    parentKind: r.parentKind,
    parentId: r.parentId,
    clock: r.clockName,
    amount: r.amount,
    unit: r.unit,
    grantedAmount: r.grantedAmount,
    reason: r.reason,
    reporterId: r.reporterId,
    dueAt: r.dueAt?.toISOString() ?? null,
    overdue: r.overdue,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

/**
 * 延期申请 of any case. Deciding on one uses the generic transition route:
 * `POST /api/v1/cases/extension/:id/transitions { action: 'approve' | 'reject' | 'withdraw' }`.
 */
export function extensionsRoutes(deps: { extensions: ExtensionsService }) {
  const { extensions } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/cases/:kind/:id/extensions',
      {
        schema: {
          tags: ['cases'],
          summary: '申请延期 / Ask for more time on a case clock',
          params: parentParams,
          body: z.strictObject({
            clock: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
            amount: z.number().positive().max(365),
            unit: z.enum(DURATION_UNITS),
            reason: z.string().trim().min(2).max(1000),
            attachments: z.array(z.number().int().positive()).max(20).optional(),
          }),
        },
      },
      async (req, reply) => {
        const row = await extensions.request(req.actor, req.params.kind, req.params.id, req.body);
        reply.code(201);
        return present(row);
      },
    );
    r.get(
      '/api/v1/cases/:kind/:id/extensions',
      {
        schema: {
          tags: ['cases'],
          summary: '延期申请记录 / Extension requests of a case',
          params: parentParams,
        },
      },
      async (req) => (await extensions.listFor(req.actor, req.params.kind, req.params.id)).map(present),
    );
  };
}
