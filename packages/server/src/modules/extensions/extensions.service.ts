import { DURATION_UNIT_LABELS, type Duration, type DurationUnit, EXTENSION_WORKFLOW } from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, transaction } from '../../db/context';
import { AppError } from '../../platform/errors';
import type { CasesService } from '../cases/cases.service';
import * as repo from './extensions.repo';

export interface ExtensionInput {
  clock: string;
  amount: number;
  unit: DurationUnit;
  reason: string;
  attachments?: number[];
}

/**
 * 延期申请 on the case engine. The handler of a case (its assignee) asks for more time on a running clock;
 * approving moves the parent's deadline in the same transaction (the engine's extendClock).
 */
export function createExtensionsService(deps: { db: Database; cases: CasesService }) {
  const { db, cases } = deps;

  cases.register({
    workflow: EXTENSION_WORKFLOW,
    store: repo.extensionStore,
    describe: (c) => ({
      ref: `YQ${String(c.id).padStart(6, '0')}`,
      title: `${String(c.row.reason).slice(0, 40)}`,
    }),
    onTransition: ({ transition, input }) =>
      transition.action === 'approve' && input.fields?.grantedAmount != null
        ? { grantedAmount: Number(input.fields.grantedAmount) }
        : {},
    afterTransition: async ({ transition, updated, actor, input }) => {
      if (transition.action !== 'approve') return;
      const r = updated.row as repo.ExtensionRow;
      const by: Duration = { amount: r.grantedAmount ?? r.amount, unit: r.unit as DurationUnit };
      const moved = await cases.extendClock(actor, r.parentKind, r.parentId, r.clockName, by, input.comment);
      if (!moved) throw new AppError('EXTENSION_CLOCK_GONE');
    },
  });

  async function request(actor: Actor, parentKind: string, parentId: number, input: ExtensionInput) {
    return transaction(db, actor, async () => {
      const parent = await cases.get(actor, parentKind, parentId);
      const c = parent.record;
      const handler =
        (actor.userId !== null && c.assigneeUserId === actor.userId) ||
        (actor.departmentId !== null && c.assigneeDepartmentId === actor.departmentId);
      if (!handler) throw new AppError('FORBIDDEN');
      const clock = parent.clocks.find((k) => k.name === input.clock && k.status !== 'stopped');
      if (!clock) throw new AppError('EXTENSION_CLOCK_GONE');
      if (input.unit.endsWith('Days') && !Number.isInteger(input.amount))
        throw new AppError('VALIDATION_FAILED');
      if (await repo.openExtension(parentKind, parentId, input.clock))
        throw new AppError('EXTENSION_PENDING');
      const row = await repo.insertExtension({
        state: EXTENSION_WORKFLOW.initial,
        regionPath: c.regionPath,
        reporterId: actor.userId,
        parentKind,
        parentId,
        clockName: input.clock,
        amount: input.amount,
        unit: input.unit,
        reason: input.reason,
      });
      const unit = DURATION_UNIT_LABELS[input.unit].zh;
      await cases.open(actor, 'extension', row.id, {
        comment: `申请延长${input.amount}${unit}：${input.reason}`,
        attachments: input.attachments ?? [],
        data: { parentKind, parentId, clock: input.clock, amount: input.amount, unit: input.unit },
      });
      return row;
    });
  }

  return {
    request,
    /** Extension requests of a case (in scope), newest first. */
    listFor: (actor: Actor, kind: string, id: number) =>
      transaction(db, actor, async () => {
        await cases.get(actor, kind, id);
        return repo.extensionsOf(kind, id);
      }),
  };
}

export type ExtensionsService = ReturnType<typeof createExtensionsService>;
