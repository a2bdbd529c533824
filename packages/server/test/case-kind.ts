import { defineWorkflow } from '@fengqiao/domain';
import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { type Actor, transaction, tx } from '../src/db/context';
import { applyRowLevelSecurity } from '../src/db/rls';
import { caseColumns } from '../src/modules/cases/case-columns.schema';
import { tableCaseStore } from '../src/modules/cases/case-store.repo';
import type { Services } from '../src/services';

/**
 * A test case kind that proves the engine the way a module would use it: its own table with the standard
 * columns, a workflow with roles, relations, required fields, a guard, a pausing clock and notifications.
 */
export const testRepairs = pgTable('test_repairs', { ...caseColumns(), title: text('title').notNull() });

export const REPAIR_WORKFLOW = defineWorkflow({
  kind: 'testRepair',
  label: { zh: '测试报修', en: 'Test repair' },
  readPermission: 'event:read',
  initial: 'reported',
  states: {
    reported: { label: { zh: '已上报', en: 'Reported' }, tone: 'info' },
    assigned: { label: { zh: '处置中', en: 'Being handled' }, tone: 'primary' },
    waiting: { label: { zh: '待补充', en: 'Waiting for information' }, tone: 'warning' },
    resolved: { label: { zh: '待核查', en: 'To verify' }, tone: 'primary' },
    closed: { label: { zh: '已办结', en: 'Closed' }, final: true, tone: 'success' },
    cancelled: { label: { zh: '已作废', en: 'Cancelled' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'assign',
      label: { zh: '派遣', en: 'Dispatch' },
      from: ['reported', 'resolved'],
      to: 'assigned',
      allow: { permissions: ['event:dispatch'] },
      requires: {
        fields: {
          departmentId: { type: 'departmentId', label: { zh: '承办部门', en: 'Department' }, required: true },
        },
      },
      notify: [{ to: ['assignee'], type: 'case.assigned', channels: ['inapp', 'sms', 'robot', 'webhook'] }],
      style: 'primary',
    },
    {
      action: 'askInfo',
      label: { zh: '要求补充', en: 'Ask for information' },
      from: ['assigned'],
      to: 'waiting',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true },
      notify: [{ to: ['reporter'] }],
    },
    {
      action: 'supply',
      label: { zh: '补充材料', en: 'Supply information' },
      from: ['waiting'],
      to: 'assigned',
      allow: { permissions: ['event:report'], relations: ['reporter'] },
      requires: { comment: true },
      notify: [{ to: ['assignee'] }],
    },
    {
      action: 'resolve',
      label: { zh: '办结反馈', en: 'Report resolved' },
      from: ['assigned'],
      to: 'resolved',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true, attachments: 1 },
      guard: ({ input }) =>
        input?.comment?.includes('待定')
          ? { zh: '反馈中仍有待定事项', en: 'The report still has open points' }
          : true,
      notify: [{ to: ['reporter', 'supervisor'] }],
      style: 'success',
    },
    {
      action: 'verify',
      label: { zh: '核查通过', en: 'Verified' },
      from: ['resolved'],
      to: 'closed',
      allow: { permissions: ['event:verify', 'event:dispatch'] },
      style: 'success',
    },
    {
      action: 'cancel',
      label: { zh: '作废', en: 'Cancel' },
      from: ['reported'],
      to: 'cancelled',
      allow: { permissions: ['event:dispatch'] },
      requires: { comment: true },
      confirm: { zh: '确定作废？', en: 'Cancel this case?' },
      style: 'danger',
    },
    {
      action: 'autoClose',
      label: { zh: '超期自动作废', en: 'Auto-cancel' },
      from: ['reported'],
      to: 'cancelled',
      allow: { system: true },
    },
    {
      action: 'note',
      label: { zh: '备注', en: 'Note' },
      from: '*',
      allow: { permissions: ['event:read'] },
      requires: { comment: true },
    },
  ],
  clocks: [
    {
      name: 'handling',
      label: { zh: '处置时限', en: 'Handling limit' },
      limit: { amount: 4, unit: 'workingHours' },
      runsIn: ['assigned'],
      pausedIn: ['waiting'],
    },
    {
      name: 'intake',
      label: { zh: '受理时限', en: 'Intake limit' },
      limit: { amount: 1, unit: 'workingDays' },
      runsIn: ['reported'],
      escalation: [
        {
          label: { zh: '超期未受理，自动作废', en: 'Not taken in time: cancelled' },
          notify: ['supervisor'],
          action: 'autoClose',
        },
      ],
    },
  ],
});

/** Creates the table (RLS included) and registers the kind in this app. Idempotent per database. */
export async function installTestKind(s: Services): Promise<void> {
  await s.db.orm.execute(sql`
    CREATE TABLE IF NOT EXISTS test_repairs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      state text NOT NULL, version integer NOT NULL DEFAULT 1, region_path ltree NOT NULL,
      reporter_id bigint, assignee_user_id bigint, assignee_department_id bigint,
      due_at timestamptz, overdue boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz, title text NOT NULL)`);
  await applyRowLevelSecurity(s.db.orm);
  if (s.cases.workflows().some((w) => w.kind === 'testRepair')) return;
  s.cases.register({
    workflow: REPAIR_WORKFLOW,
    store: tableCaseStore(testRepairs),
    describe: (c) => ({ ref: `T${String(c.id).padStart(6, '0')}`, title: String(c.row.title) }),
    onTransition: ({ transition, input }) =>
      transition.action === 'assign' ? { assigneeDepartmentId: Number(input.fields?.departmentId) } : {},
  });
}

/** Reports a repair as `actor` in the region at `regionPath` (the way a module's create endpoint would). */
export async function reportRepair(
  s: Services,
  actor: Actor,
  regionPath: string,
  title = '井盖缺失',
  opts: { now?: Date; attachments?: number[] } = {},
): Promise<number> {
  return transaction(s.db, actor, async () => {
    const [row] = await tx()
      .insert(testRepairs)
      .values({ state: 'reported', regionPath, reporterId: actor.userId, title })
      .returning({ id: testRepairs.id });
    await s.cases.open(actor, 'testRepair', row!.id, {
      comment: title,
      ...(opts.attachments ? { attachments: opts.attachments } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    return row!.id;
  });
}
