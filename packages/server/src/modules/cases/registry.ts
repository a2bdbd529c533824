import {
  type ActorFacts,
  assertWorkflow,
  type Duration,
  isRole,
  permissionsOf,
  type Role,
  type TransitionDef,
  type TransitionInput,
  type WorkflowDef,
} from '@fengqiao/domain';
import type { Actor } from '../../db/context';
import type { CaseChanges, CaseRecord, CaseStore } from './case-store.repo';

export interface TransitionContext {
  workflow: WorkflowDef;
  transition: TransitionDef;
  input: TransitionInput;
  case: CaseRecord;
  actor: Actor;
  to: string;
  /** The moment of the action (the caller's `now`, for exact deadlines in tests and imports). */
  now: Date;
}

/** What a module hands the engine for one kind of case. */
export interface CaseKindRegistration {
  workflow: WorkflowDef;
  store: CaseStore;
  /** Number and title for messages and timelines, e.g. `{ ref: 'SJ20261123-0001', title: '井盖缺失' }`. */
  describe?: (c: CaseRecord) => { ref: string; title: string };
  /** Facts of the module's own columns that guards and time limits read (category, priority…). */
  facts?: (c: CaseRecord) => Record<string, unknown>;
  /** Column changes a transition makes besides the state (e.g. the assignee chosen in a field). */
  onTransition?: (ctx: TransitionContext) => CaseChanges | Promise<CaseChanges>;
  /**
   * Runs in the same transaction after the state changed and the timeline was written: effects on other
   * things (an approved extension moves its parent's deadline). Throwing rolls the whole action back.
   */
  afterTransition?: (ctx: TransitionContext & { updated: CaseRecord }) => Promise<void>;
  /** Runs in the same transaction after a clock was extended (延期 approved): module counters. */
  onClockExtended?: (ctx: {
    case: CaseRecord;
    clock: string;
    by: Duration;
    actor: Actor;
    now: Date;
  }) => Promise<void>;
}

export class CaseRegistry {
  private readonly kinds = new Map<string, CaseKindRegistration>();

  /** Checks the workflow (start-up fails on a mistake) and registers the kind. */
  register(reg: CaseKindRegistration): void {
    assertWorkflow(reg.workflow);
    if (this.kinds.has(reg.workflow.kind)) throw new Error(`case kind ${reg.workflow.kind} registered twice`);
    this.kinds.set(reg.workflow.kind, reg);
  }

  get(kind: string): CaseKindRegistration | undefined {
    return this.kinds.get(kind);
  }

  all(): CaseKindRegistration[] {
    return [...this.kinds.values()];
  }
}

export function actorFacts(actor: Actor): ActorFacts {
  const system = actor.roles.includes('system');
  const roles = actor.roles.filter(isRole) as Role[];
  return {
    userId: actor.userId,
    roles: actor.roles,
    permissions: new Set(permissionsOf(roles)),
    departmentId: actor.departmentId,
    system,
  };
}

/** The role the actor acted in, for the timeline: the first of theirs that the rule admits. */
export function roleUsed(t: TransitionDef, actor: Actor): string {
  if (actor.roles.includes('system')) return 'system';
  const roles = actor.roles.filter(isRole) as Role[];
  const hit = roles.find(
    (r) =>
      t.allow.roles?.includes(r) || (t.allow.permissions ?? []).some((p) => permissionsOf([r]).includes(p)),
  );
  return hit ?? roles[0] ?? 'unknown';
}
