import { describe, expect, it } from 'vitest';
import { compileCalendar, DEFAULT_WORKING_HOURS } from '../calendar/calendar';
import { HOUR_MS } from '../calendar/deadlines';
import { permissionsOf } from '../identity/roles';
import { availableActions, checkTransition } from './actions';
import { clockPlan, consumedAt, extendClock, pauseClock, resumeClock, startClock } from './clock';
import { type ActorFacts, type CaseFacts, defineWorkflow } from './workflow';
import { checkWorkflow } from './workflow-check';

const repair = defineWorkflow({
  kind: 'repair',
  label: { zh: '报修', en: 'Repair' },
  readPermission: 'event:read',
  initial: 'reported',
  states: {
    reported: { label: { zh: '已上报', en: 'Reported' } },
    assigned: { label: { zh: '处置中', en: 'Assigned' } },
    waiting: { label: { zh: '待补充', en: 'Waiting' } },
    done: { label: { zh: '已办结', en: 'Done' }, final: true },
  },
  transitions: [
    {
      action: 'assign',
      label: { zh: '派遣', en: 'Assign' },
      from: ['reported'],
      to: 'assigned',
      allow: { permissions: ['event:dispatch'] },
      requires: {
        fields: { departmentId: { type: 'departmentId', label: { zh: '部门', en: 'Dept' }, required: true } },
      },
    },
    {
      action: 'askInfo',
      label: { zh: '要求补充', en: 'Ask for info' },
      from: ['assigned'],
      to: 'waiting',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true },
    },
    {
      action: 'supply',
      label: { zh: '补充', en: 'Supply' },
      from: ['waiting'],
      to: 'assigned',
      allow: { permissions: ['event:report'], relations: ['reporter'] },
    },
    {
      action: 'finish',
      label: { zh: '办结', en: 'Finish' },
      from: ['assigned'],
      to: 'done',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { attachments: 1, comment: true },
      guard: ({ input }) =>
        input?.comment !== 'lazy' ? true : { zh: '请认真填写', en: 'Write a real note' },
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
      label: { zh: '处置时限', en: 'Handling' },
      limit: { amount: 4, unit: 'workingHours' },
      runsIn: ['assigned'],
      pausedIn: ['waiting'],
    },
  ],
});

const actor = (roles: string[], extra: Partial<ActorFacts> = {}): ActorFacts => ({
  userId: 7,
  roles,
  permissions: new Set(permissionsOf(roles as never)),
  departmentId: null,
  system: false,
  ...extra,
});

const facts = (state: string, extra: Partial<CaseFacts> = {}): CaseFacts => ({
  id: 1,
  state,
  version: 1,
  regionPath: '350199.350199001',
  reporterId: 3,
  assigneeUserId: null,
  assigneeDepartmentId: 12,
  ...extra,
});

describe('workflow definitions', () => {
  it('accepts a sound workflow', () => {
    expect(checkWorkflow(repair)).toEqual([]);
  });

  it('names every problem in a broken one', () => {
    const broken = {
      ...repair,
      kind: 'Bad Kind',
      initial: 'nowhere',
      states: { ...repair.states, orphan: { label: { zh: '孤儿', en: '' } } },
      transitions: [
        ...repair.transitions,
        { action: 'assign', label: { zh: '再派', en: 'Again' }, from: ['reported'], to: 'ghost', allow: {} },
        {
          action: 'reopen',
          label: { zh: '重开', en: 'Reopen' },
          from: ['done'],
          to: 'assigned',
          allow: { roles: ['wizard'] },
        },
      ],
      clocks: [{ ...repair.clocks![0]!, runsIn: ['limbo'], warnShare: 1.5 }],
    } as never;
    const problems = checkWorkflow(broken).join('\n');
    for (const bit of [
      'kind must be camelCase',
      'initial state nowhere',
      'state orphan: needs a zh and an en label',
      'defined twice from state reported',
      'to unknown state ghost',
      'nobody may take it',
      'leaves final state done',
      'unknown role wizard',
      'unknown state limbo',
      'warnShare',
    ])
      expect(problems).toContain(bit);
  });
});

describe('who may do what', () => {
  it('lists only the buttons that work for this actor', () => {
    const dispatcher = actor(['dispatcher']);
    expect(availableActions(repair, facts('reported'), dispatcher).map((a) => a.action)).toEqual([
      'assign',
      'note',
    ]);
    const officer = actor(['departmentOfficer'], { departmentId: 12 });
    expect(availableActions(repair, facts('assigned'), officer).map((a) => a.action)).toEqual([
      'askInfo',
      'finish',
      'note',
    ]);
    // Another department's officer: same role, no relation to the case.
    const other = actor(['departmentOfficer'], { departmentId: 99 });
    expect(availableActions(repair, facts('assigned'), other).map((a) => a.action)).toEqual(['note']);
    expect(availableActions(repair, facts('done'), dispatcher)).toEqual([]);
  });

  it('explains a refusal: wrong state, no right, bad input, guard', () => {
    const officer = actor(['departmentOfficer'], { departmentId: 12 });
    const wrong = checkTransition(repair, facts('reported'), officer, { action: 'finish' });
    expect(wrong).toMatchObject({ ok: false, reason: 'wrongState', state: { zh: '已上报' } });
    expect(
      checkTransition(repair, facts('assigned'), actor(['gridWorker']), { action: 'finish' }),
    ).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    const noPhoto = checkTransition(repair, facts('assigned'), officer, { action: 'finish', comment: 'ok' });
    expect(noPhoto.ok).toBe(false);
    expect(noPhoto.ok === false && noPhoto.reason).toBe('invalidInput');
    const lazy = checkTransition(repair, facts('assigned'), officer, {
      action: 'finish',
      comment: 'lazy',
      attachments: [5],
    });
    expect(lazy).toMatchObject({ ok: false, reason: 'guard', message: { en: 'Write a real note' } });
    expect(
      checkTransition(repair, facts('assigned'), officer, {
        action: 'finish',
        comment: '已修复',
        attachments: [5],
      }),
    ).toMatchObject({ ok: true, to: 'done' });
    expect(checkTransition(repair, facts('reported'), officer, { action: 'fly' })).toEqual({
      ok: false,
      reason: 'unknownAction',
    });
    const extraField = checkTransition(repair, facts('reported'), actor(['dispatcher']), {
      action: 'assign',
      fields: { departmentId: 3, sneaky: 1 },
    });
    expect(extraField.ok).toBe(false);
  });

  it('admits the system only to system actions', () => {
    const system: ActorFacts = { ...actor([]), userId: null, system: true };
    expect(availableActions(repair, facts('assigned'), system)).toEqual([]);
  });
});

describe('clocks', () => {
  const cal = compileCalendar({ workingHours: DEFAULT_WORKING_HOURS, holidays: [], workdays: [] });
  const at = (s: string) => new Date(`${s}:00+08:00`);

  it('plans start, pause, resume and stop from the states', () => {
    expect(clockPlan(repair, 'assigned', new Map())).toEqual([{ name: 'handling', op: 'start' }]);
    expect(clockPlan(repair, 'waiting', new Map([['handling', 'running']]))).toEqual([
      { name: 'handling', op: 'pause' },
    ]);
    expect(clockPlan(repair, 'assigned', new Map([['handling', 'paused']]))).toEqual([
      { name: 'handling', op: 'resume' },
    ]);
    expect(clockPlan(repair, 'done', new Map([['handling', 'paused']]))).toEqual([
      { name: 'handling', op: 'stop' },
    ]);
    expect(clockPlan(repair, 'assigned', new Map([['handling', 'running']]))).toEqual([]);
  });

  it('pausing banks the time used; resuming spends the rest', () => {
    const c = startClock(cal, at('2026-11-23T09:00'), { amount: 4, unit: 'workingHours' }, 0.8);
    expect(c.dueAt).toEqual(at('2026-11-23T15:00'));
    // 80% of 4 h = 3 h 12 min of working time: 09:00–12:00, then 14:00–14:12.
    expect(c.warnAt).toEqual(at('2026-11-23T14:12'));
    const p = pauseClock(cal, c, at('2026-11-23T10:00'));
    expect(p.consumedMs).toBe(HOUR_MS);
    // Resumed next morning: 3 h left → 11:30.
    const r = resumeClock(cal, p, at('2026-11-24T08:30'), 0.8, false);
    expect(r.dueAt).toEqual(at('2026-11-24T11:30'));
    expect(consumedAt(cal, r, at('2026-11-24T09:30'))).toBe(2 * HOUR_MS);
    const e = extendClock(cal, r, at('2026-11-24T09:30'), { amount: 1, unit: 'workingDays' }, 0.8, true);
    expect(e.dueAt).toEqual(at('2026-11-25T17:30'));
    expect(e.warnAt).toBeNull();
  });
});

describe('shipped workflows', () => {
  it('the extension request is sound and keeps the requester from deciding', async () => {
    const { EXTENSION_WORKFLOW } = await import('./extension-workflow');
    expect(checkWorkflow(EXTENSION_WORKFLOW)).toEqual([]);
    const own = checkTransition(
      EXTENSION_WORKFLOW,
      { ...facts('submitted'), reporterId: 7 },
      actor(['dispatcher']),
      { action: 'approve' },
    );
    expect(own).toMatchObject({ ok: false, reason: 'guard' });
    const other = checkTransition(
      EXTENSION_WORKFLOW,
      { ...facts('submitted'), reporterId: 8 },
      actor(['dispatcher']),
      { action: 'approve', fields: { grantedAmount: 2 } },
    );
    expect(other).toMatchObject({ ok: true, to: 'approved' });
  });
});
