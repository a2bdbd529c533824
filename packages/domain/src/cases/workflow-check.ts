import { DURATION_UNITS, type Duration } from '../calendar/deadlines';
import { isRole, PERMISSIONS } from '../identity/roles';
import type { Audience, L10n, WorkflowDef } from './workflow';

const NAME = /^[a-z][a-zA-Z0-9]*$/;

function label(l: L10n | undefined, where: string, out: string[]) {
  if (!l?.zh?.trim() || !l.en?.trim()) out.push(`${where}: needs a zh and an en label`);
}

function duration(d: Duration, where: string, out: string[]) {
  if (!DURATION_UNITS.includes(d.unit)) out.push(`${where}: unknown unit ${String(d.unit)}`);
  if (!(d.amount > 0) || !Number.isFinite(d.amount)) out.push(`${where}: amount must be > 0`);
  if ((d.unit === 'workingDays' || d.unit === 'calendarDays') && !Number.isInteger(d.amount))
    out.push(`${where}: days must be whole`);
}

function audiences(list: readonly Audience[], where: string, out: string[]) {
  for (const a of list) {
    if (typeof a === 'string') {
      if (!['reporter', 'assignee', 'supervisor', 'leader'].includes(a))
        out.push(`${where}: unknown audience ${a}`);
    } else if (!a.roles.length || a.roles.some((r) => !isRole(r))) {
      out.push(`${where}: audience roles must be known roles`);
    }
  }
}

/**
 * Everything wrong with a workflow definition, in plain words (empty when it is sound). The server runs
 * this for every registered workflow at start-up and refuses to start on a problem, so a typo in a state
 * name is found on the developer's machine, not by a user pressing a button.
 */
export function checkWorkflow(def: WorkflowDef): string[] {
  const out: string[] = [];
  const w = `workflow ${def.kind}`;
  if (!NAME.test(def.kind)) out.push(`${w}: kind must be camelCase letters and digits`);
  label(def.label, w, out);
  if (!(PERMISSIONS as readonly string[]).includes(def.readPermission))
    out.push(`${w}: unknown read permission ${def.readPermission}`);
  for (const r of def.supervisorRoles ?? []) if (!isRole(r)) out.push(`${w}: unknown supervisor role ${r}`);
  const states = Object.keys(def.states);
  if (!states.length) out.push(`${w}: has no states`);
  if (!(def.initial in def.states)) out.push(`${w}: initial state ${def.initial} is not a state`);
  if (def.states[def.initial]?.final) out.push(`${w}: the initial state cannot be final`);
  for (const s of states) {
    if (!NAME.test(s)) out.push(`${w}: state name ${s} must be camelCase`);
    label(def.states[s]!.label, `${w} state ${s}`, out);
  }
  const isFinal = (s: string) => def.states[s]?.final === true;
  const nonFinal = states.filter((s) => !isFinal(s));

  const seen = new Map<string, string>();
  const edges = new Map<string, Set<string>>();
  for (const t of def.transitions) {
    const where = `${w} action ${t.action}`;
    if (!NAME.test(t.action)) out.push(`${where}: action name must be camelCase`);
    label(t.label, where, out);
    const from = t.from === '*' ? nonFinal : t.from;
    if (t.from !== '*' && !t.from.length) out.push(`${where}: from no state`);
    for (const s of from) {
      if (!(s in def.states)) out.push(`${where}: from unknown state ${s}`);
      else if (isFinal(s)) out.push(`${where}: leaves final state ${s}`);
      const key = `${s}/${t.action}`;
      if (seen.has(key)) out.push(`${where}: defined twice from state ${s}`);
      seen.set(key, t.action);
      if (!edges.has(s)) edges.set(s, new Set());
      edges.get(s)!.add(t.to ?? s);
    }
    if (t.to !== undefined && !(t.to in def.states)) out.push(`${where}: to unknown state ${t.to}`);
    const a = t.allow;
    if (!a.system && !a.permissions?.length && !a.roles?.length)
      out.push(`${where}: nobody may take it (give permissions, roles or system)`);
    for (const p of a.permissions ?? [])
      if (!(PERMISSIONS as readonly string[]).includes(p)) out.push(`${where}: unknown permission ${p}`);
    for (const r of a.roles ?? []) if (!isRole(r)) out.push(`${where}: unknown role ${r}`);
    for (const [name, f] of Object.entries(t.requires?.fields ?? {})) {
      if (!NAME.test(name)) out.push(`${where}: field name ${name} must be camelCase`);
      label(f.label, `${where} field ${name}`, out);
      if (f.type === 'select' && !f.options.length) out.push(`${where} field ${name}: no options`);
    }
    if ((t.requires?.attachments ?? 0) < 0) out.push(`${where}: attachments must be ≥ 0`);
    for (const n of t.notify ?? []) audiences(n.to, `${where} notify`, out);
  }

  for (const n of def.onOpen ?? []) audiences(n.to, `${w} onOpen`, out);

  // Every state can be reached, and every non-final state has a way out.
  const reached = new Set([def.initial]);
  const queue = [def.initial as string];
  while (queue.length)
    for (const next of edges.get(queue.shift()!) ?? [])
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
  for (const s of states) if (!reached.has(s)) out.push(`${w}: state ${s} cannot be reached`);
  for (const s of nonFinal)
    if (![...(edges.get(s) ?? [])].some((n) => n !== s)) out.push(`${w}: state ${s} has no way out`);

  const clockNames = new Set<string>();
  for (const c of def.clocks ?? []) {
    const where = `${w} clock ${c.name}`;
    if (!NAME.test(c.name)) out.push(`${where}: name must be camelCase`);
    if (clockNames.has(c.name)) out.push(`${where}: defined twice`);
    clockNames.add(c.name);
    label(c.label, where, out);
    if (typeof c.limit !== 'function') duration(c.limit, `${where} limit`, out);
    if (!c.runsIn.length) out.push(`${where}: runs in no state`);
    for (const s of [...c.runsIn, ...(c.pausedIn ?? [])])
      if (!(s in def.states)) out.push(`${where}: unknown state ${s}`);
      else if (isFinal(s)) out.push(`${where}: cannot run or pause in final state ${s}`);
    for (const s of c.pausedIn ?? [])
      if (c.runsIn.includes(s)) out.push(`${where}: ${s} both runs and pauses`);
    if (c.warnShare !== undefined && !(c.warnShare > 0 && c.warnShare < 1))
      out.push(`${where}: warnShare must be between 0 and 1`);
    audiences(c.warnNotify ?? [], `${where} warnNotify`, out);
    for (const [i, step] of (c.escalation ?? []).entries()) {
      label(step.label, `${where} escalation ${i}`, out);
      if (step.after) duration(step.after, `${where} escalation ${i}`, out);
      audiences(step.notify, `${where} escalation ${i}`, out);
      if (step.action) {
        const t = def.transitions.find((x) => x.action === step.action);
        if (!t) out.push(`${where} escalation ${i}: unknown action ${step.action}`);
        else if (!t.allow.system)
          out.push(`${where} escalation ${i}: action ${step.action} is not a system action`);
      }
    }
  }
  return out;
}

/** Throws with every problem listed; used at start-up. */
export function assertWorkflow(def: WorkflowDef): void {
  const problems = checkWorkflow(def);
  if (problems.length) throw new Error(`invalid workflow definition:\n  ${problems.join('\n  ')}`);
}
