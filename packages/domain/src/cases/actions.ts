import { z } from 'zod';
import { DURATION_UNITS } from '../calendar/deadlines';
import type {
  ActorFacts,
  CaseFacts,
  FieldSpec,
  L10n,
  Requirements,
  TransitionDef,
  TransitionInput,
  WorkflowDef,
} from './workflow';

export const COMMENT_MAX = 2000;
export const ATTACHMENTS_MAX = 20;

/** Whether the transition leaves from this state. */
export function leavesFrom(def: WorkflowDef, t: TransitionDef, state: string): boolean {
  if (t.from === '*') return def.states[state]?.final !== true;
  return t.from.includes(state);
}

/** The actor's standing with the case. */
export function relationsOf(c: CaseFacts, a: ActorFacts): Set<'reporter' | 'assignee'> {
  const out = new Set<'reporter' | 'assignee'>();
  if (a.userId !== null && c.reporterId === a.userId) out.add('reporter');
  if (a.userId !== null && c.assigneeUserId === a.userId) out.add('assignee');
  if (a.departmentId !== null && c.assigneeDepartmentId === a.departmentId) out.add('assignee');
  return out;
}

/** Whether the allow rule admits the actor (ignoring state and guards). */
export function admits(t: TransitionDef, c: CaseFacts, a: ActorFacts): boolean {
  const rule = t.allow;
  if (a.system) return rule.system === true;
  const byRight =
    (rule.permissions ?? []).some((p) => a.permissions.has(p)) ||
    (rule.roles ?? []).some((r) => a.roles.includes(r));
  if (!byRight) return false;
  if (!rule.relations?.length) return true;
  const rel = relationsOf(c, a);
  return rule.relations.some((r) => rel.has(r));
}

/** An action as the UI gets it: enough to draw the button and its form. */
export interface AvailableAction {
  action: string;
  label: L10n;
  to: string;
  toLabel: L10n;
  style: NonNullable<TransitionDef['style']>;
  confirm: L10n | null;
  requires: { comment: boolean; attachments: number; fields: Record<string, FieldSpec> };
}

function requirementsOf(r: Requirements | undefined): AvailableAction['requires'] {
  return { comment: r?.comment ?? false, attachments: r?.attachments ?? 0, fields: { ...(r?.fields ?? {}) } };
}

/** The actions this actor may take on the case now (state, rights and guards all pass). */
export function availableActions(def: WorkflowDef, c: CaseFacts, a: ActorFacts): AvailableAction[] {
  const out: AvailableAction[] = [];
  for (const t of def.transitions) {
    if (!leavesFrom(def, t, c.state) || !admits(t, c, a)) continue;
    if (t.guard && t.guard({ case: c, actor: a }) !== true) continue;
    const to = t.to ?? c.state;
    out.push({
      action: t.action,
      label: t.label,
      to,
      toLabel: def.states[to]!.label,
      style: t.style ?? 'default',
      confirm: t.confirm ?? null,
      requires: requirementsOf(t.requires),
    });
  }
  return out;
}

function fieldSchema(f: FieldSpec): z.ZodType {
  switch (f.type) {
    case 'text':
      return z
        .string()
        .trim()
        .min(1)
        .max(f.maxLength ?? 500);
    case 'number': {
      let n = f.integer ? z.number().int() : z.number();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      return n;
    }
    case 'datetime':
      return z.iso.datetime({ offset: true });
    case 'boolean':
      return z.boolean();
    case 'select':
      return z.enum(f.options.map((o) => o.value) as [string, ...string[]]);
    case 'userId':
    case 'departmentId':
      return z.number().int().positive();
    case 'duration':
      return z.strictObject({ amount: z.number().positive().max(10_000), unit: z.enum(DURATION_UNITS) });
  }
}

/** A zod schema for a transition's input, built from its declared requirements. */
export function inputSchema(t: TransitionDef) {
  const r = t.requires ?? {};
  const fields: Record<string, z.ZodType> = {};
  for (const [name, f] of Object.entries(r.fields ?? {})) {
    const s = fieldSchema(f);
    fields[name] = f.required ? s : s.optional().nullable();
  }
  const min = r.attachments ?? 0;
  return z.object({
    comment: r.comment
      ? z.string().trim().min(1).max(COMMENT_MAX)
      : z.string().trim().max(COMMENT_MAX).optional().nullable(),
    attachments:
      min > 0
        ? z.array(z.number().int().positive()).min(min).max(ATTACHMENTS_MAX)
        : z.array(z.number().int().positive()).max(ATTACHMENTS_MAX).optional().nullable(),
    fields: z.strictObject(fields).optional().default({}),
  });
}

export type TransitionCheck =
  | { ok: true; transition: TransitionDef; to: string }
  | { ok: false; reason: 'unknownAction' }
  | { ok: false; reason: 'wrongState'; state: L10n; action: L10n }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'guard'; message: L10n }
  | { ok: false; reason: 'invalidInput'; error: z.ZodError };

/**
 * Decides whether the actor may take `input.action` on the case as it is, and checks the input against the
 * transition's requirements. Order matters for clear answers: unknown action, wrong state, no right,
 * bad input, then the guard (which may look at the input).
 */
export function checkTransition(
  def: WorkflowDef,
  c: CaseFacts,
  a: ActorFacts,
  input: TransitionInput,
): TransitionCheck {
  const candidates = def.transitions.filter((t) => t.action === input.action);
  if (!candidates.length) return { ok: false, reason: 'unknownAction' };
  const t = candidates.find((x) => leavesFrom(def, x, c.state));
  if (!t)
    return {
      ok: false,
      reason: 'wrongState',
      state: def.states[c.state]?.label ?? { zh: c.state, en: c.state },
      action: candidates[0]!.label,
    };
  if (!admits(t, c, a)) return { ok: false, reason: 'forbidden' };
  const parsed = inputSchema(t).safeParse({
    comment: input.comment,
    attachments: input.attachments,
    fields: input.fields,
  });
  if (!parsed.success) {
    return { ok: false, reason: 'invalidInput', error: parsed.error };
  }
  if (t.guard) {
    const g = t.guard({ case: c, actor: a, input });
    if (g !== true) return { ok: false, reason: 'guard', message: g };
  }
  return { ok: true, transition: t, to: t.to ?? c.state };
}
