/**
 * Declarative case workflows (DESIGN.md §3: one case engine for every kind of case). A module writes its
 * workflow as a plain object with `defineWorkflow`; the server checks every registered workflow at start-up
 * (`checkWorkflow`) and applies transitions through the case engine. Nothing here does I/O, so the web app
 * can import the same definitions to draw state tags and forms.
 */
import type { Duration } from '../calendar/deadlines';
import type { Permission, Role } from '../identity/roles';

export interface L10n {
  zh: string;
  en: string;
}

/** The standard facts every case row carries (the engine's view of a module's case table). */
export interface CaseFacts {
  id: number;
  state: string;
  version: number;
  regionPath: string;
  reporterId: number | null;
  assigneeUserId: number | null;
  assigneeDepartmentId: number | null;
  /** Module-specific facts for guards and time limits (category, priority…). */
  data?: Record<string, unknown>;
}

/** Who is acting, as far as workflow rules care. */
export interface ActorFacts {
  userId: number | null;
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  departmentId: number | null;
  /** The platform itself (timers, escalation). Only `system` rules admit it. */
  system: boolean;
}

/** How the actor stands to the case. */
export type Relation = 'reporter' | 'assignee';

/**
 * Who may take a transition: any one of the permissions or roles, and, when `relations` is given, the actor
 * must also stand in one of those relations to the case. `system: true` lets timers take it.
 */
export interface AllowRule {
  permissions?: readonly Permission[];
  roles?: readonly Role[];
  relations?: readonly Relation[];
  system?: boolean;
}

export type FieldSpec = { label: L10n; required?: boolean } & (
  | { type: 'text'; maxLength?: number; multiline?: boolean }
  | { type: 'number'; min?: number; max?: number; integer?: boolean }
  | { type: 'datetime' }
  | { type: 'boolean' }
  | { type: 'select'; options: readonly { value: string; label: L10n }[] }
  | { type: 'userId' }
  | { type: 'departmentId' }
  | { type: 'duration' }
);

/** What a transition needs from the person taking it. */
export interface Requirements {
  comment?: boolean;
  /** Minimum number of attachments (e.g. 1 for a photo of the fixed problem). */
  attachments?: number;
  fields?: Readonly<Record<string, FieldSpec>>;
}

/** People to tell. `supervisor` = the workflow's supervisor roles over the case's region; `leader` likewise. */
export type Audience = 'reporter' | 'assignee' | 'supervisor' | 'leader' | { roles: readonly Role[] };

export type Channel = 'inapp' | 'sms' | 'robot' | 'webhook';

export interface NotifySpec {
  to: readonly Audience[];
  /** Message template type (default `case.transition`). */
  type?: string;
  /** Default: in-app only. `robot` = the DingTalk/WeCom groups subscribed to the type; `webhook` likewise. */
  channels?: readonly Channel[];
}

export interface GuardContext {
  case: CaseFacts;
  actor: ActorFacts;
  /** Present when the transition is being applied; absent when listing the actions a page may show. */
  input?: TransitionInput;
}

/** A guard answers `true` or the reason the action is not possible now. */
export type Guard = (ctx: GuardContext) => true | L10n;

export interface TransitionDef<S extends string = string> {
  action: string;
  label: L10n;
  /** States it leaves from; `'*'` = every state that is not final. */
  from: readonly S[] | '*';
  /** The state it goes to; omit for an action that keeps the state (a note, a reminder). */
  to?: S;
  allow: AllowRule;
  requires?: Requirements;
  guard?: Guard;
  notify?: readonly NotifySpec[];
  /** Button look in the UI. */
  style?: 'primary' | 'success' | 'warning' | 'danger' | 'default';
  /** Ask before doing it. */
  confirm?: L10n;
}

export interface EscalationStep {
  /** Time after the deadline (default: at the deadline). */
  after?: Duration;
  label: L10n;
  notify: readonly Audience[];
  /** A `system` transition the engine takes at this step, if it is allowed from the case's state. */
  action?: string;
}

export interface ClockDef<S extends string = string> {
  name: string;
  label: L10n;
  /** The time limit, fixed or from the case (per category); `null` means this case has no such clock. */
  limit: Duration | ((c: CaseFacts) => Duration | null);
  /** Entering one of these starts the clock (or resumes it when paused). */
  runsIn: readonly S[];
  /** Entering one of these pauses it; any other state stops it. */
  pausedIn?: readonly S[];
  /** Share of the limit at which a reminder goes out (default: the calendar setting, 80%). */
  warnShare?: number;
  /** Who hears the reminder (default: the assignee). */
  warnNotify?: readonly Audience[];
  /** Steps from the deadline on (default: supervisor at the deadline, leader one working day later). */
  escalation?: readonly EscalationStep[];
}

export interface StateDef {
  label: L10n;
  final?: boolean;
  /** Tag colour in the UI. */
  tone?: 'primary' | 'success' | 'warning' | 'danger' | 'info';
}

export interface WorkflowDef<S extends string = string> {
  /** The case kind (`event`, `dispute`, `extension`…), also the name used in URLs and timelines. */
  kind: string;
  label: L10n;
  /** Permission to see cases of this kind (the live stream filters on it). */
  readPermission: Permission;
  /** Roles that supervise this kind within their scope (default: dispatcher). */
  supervisorRoles?: readonly Role[];
  initial: S;
  states: Readonly<Record<S, StateDef>>;
  transitions: readonly TransitionDef<S>[];
  clocks?: readonly ClockDef<S>[];
  /** Who hears of a new case (default: nobody; message type `case.opened` unless given). */
  onOpen?: readonly NotifySpec[];
}

export interface TransitionInput {
  action: string;
  comment?: string | undefined;
  attachments?: readonly number[] | undefined;
  fields?: Record<string, unknown> | undefined;
}

/** Identity helper that keeps the state names typed inside one definition. */
export function defineWorkflow<S extends string>(def: WorkflowDef<S>): WorkflowDef<S> {
  return def;
}

export const DEFAULT_ESCALATION: readonly EscalationStep[] = [
  {
    label: { zh: '超期，提请督办', en: 'Overdue: referred to the supervisor' },
    notify: ['supervisor', 'assignee'],
  },
  {
    after: { amount: 1, unit: 'workingDays' },
    label: { zh: '超期一个工作日，报告领导', en: 'One working day overdue: reported to the leader' },
    notify: ['leader'],
  },
];

export const DEFAULT_WARN_SHARE = 0.8;

/** Timeline entries the engine itself writes (not workflow actions), with their labels. */
export const ENGINE_ACTIONS: Record<string, L10n> = {
  open: { zh: '登记', en: 'Opened' },
  warn: { zh: '临期提醒', en: 'Deadline reminder' },
  overdue: { zh: '超期', en: 'Overdue' },
  escalate: { zh: '升级督办', en: 'Escalated' },
  extendClock: { zh: '延长时限', en: 'Deadline extended' },
};
