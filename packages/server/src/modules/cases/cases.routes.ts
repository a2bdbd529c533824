import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentAttachment } from '../attachments/attachments.service';
import type { CaseRecord } from './case-store.repo';
import type { CasesService } from './cases.service';

const caseParams = z.strictObject({
  kind: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
  id: z.coerce.number().int().positive(),
});

/** The standard columns of a case, as every kind's API shows them. */
export function presentCaseRecord(c: CaseRecord) {
  return {
    id: c.id,
    state: c.state,
    version: c.version,
    regionPath: c.regionPath,
    reporterId: c.reporterId,
    assigneeUserId: c.assigneeUserId,
    assigneeDepartmentId: c.assigneeDepartmentId,
    dueAt: c.dueAt?.toISOString() ?? null,
    overdue: c.overdue,
    createdAt: c.createdAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

/**
 * Generic case routes for every registered kind: the engine's view of a case (allowed actions, clocks),
 * its timeline, and taking a transition. Module routes add their own fields around these.
 */
export function casesRoutes(deps: { cases: CasesService }) {
  const { cases } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/workflows',
      { schema: { tags: ['cases'], summary: '流程定义（状态与操作名称）/ Workflow definitions' } },
      async () =>
        cases.workflows().map((w) => ({
          kind: w.kind,
          label: w.label,
          initial: w.initial,
          states: w.states,
          transitions: w.transitions.map((t) => ({
            action: t.action,
            label: t.label,
            from: t.from,
            to: t.to ?? null,
            style: t.style ?? 'default',
          })),
          clocks: (w.clocks ?? []).map((c) => ({ name: c.name, label: c.label })),
        })),
    );

    r.get(
      '/api/v1/cases/:kind/:id',
      {
        schema: {
          tags: ['cases'],
          summary: '案件状态、可执行操作与时限 / Case state, actions and clocks',
          params: caseParams,
        },
      },
      async (req) => {
        const { record, ...view } = await cases.get(req.actor, req.params.kind, req.params.id);
        return { ...presentCaseRecord(record), ...view };
      },
    );

    r.get(
      '/api/v1/cases/:kind/:id/timeline',
      { schema: { tags: ['cases'], summary: '案件时间轴 / Case timeline', params: caseParams } },
      async (req) =>
        (await cases.timeline(req.actor, req.params.kind, req.params.id)).map((e) => ({
          id: e.id,
          action: e.action,
          actionLabel: e.actionLabel,
          fromState: e.fromState,
          fromLabel: e.fromLabel,
          toState: e.toState,
          toLabel: e.toLabel,
          actorId: e.actorId,
          actorName: e.actorName,
          actorRole: e.actorRole,
          comment: e.comment,
          data: e.data,
          files: e.files.map(presentAttachment),
          occurredAt: e.occurredAt.toISOString(),
        })),
    );

    r.post(
      '/api/v1/cases/:kind/:id/transitions',
      {
        schema: {
          tags: ['cases'],
          summary: '执行流程操作 / Take a workflow action',
          params: caseParams,
          body: z.strictObject({
            action: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
            comment: z.string().max(2000).nullable().optional(),
            attachments: z.array(z.number().int().positive()).max(20).optional(),
            fields: z.record(z.string(), z.unknown()).optional(),
            version: z.number().int().min(1).optional(),
          }),
        },
      },
      async (req) => {
        const { kind, id } = req.params;
        const b = req.body;
        const { case: c, entry } = await cases.apply(req.actor, kind, id, {
          action: b.action,
          comment: b.comment ?? undefined,
          attachments: b.attachments,
          fields: b.fields,
          version: b.version,
        });
        const view = await cases.describeFor(req.actor, kind, c);
        return { ...presentCaseRecord(c), ...view, timelineEntryId: entry.id };
      },
    );
  };
}
