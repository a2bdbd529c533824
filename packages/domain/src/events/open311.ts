import { EVENT_WORKFLOW, type EventState } from './workflow';

/**
 * Open311 GeoReport v2 (issue #4): the spec has two statuses, `open` and `closed`; the internal state
 * goes into `status_notes` (in Chinese, the platform's first language).
 */
export type Open311Status = 'open' | 'closed';

const CLOSED: readonly EventState[] = ['closed', 'rated', 'cancelled', 'merged', 'transferred'];

export function open311Status(state: string): Open311Status {
  return (CLOSED as readonly string[]).includes(state) ? 'closed' : 'open';
}

export function open311StatusNotes(state: string, note?: string | null): string {
  const label = EVENT_WORKFLOW.states[state as EventState]?.label.zh ?? state;
  return note ? `${label}：${note}` : label;
}

/** Internal states a `status=open|closed` filter stands for. */
export function statesForOpen311(status: Open311Status): EventState[] {
  return (Object.keys(EVENT_WORKFLOW.states) as EventState[]).filter((s) => open311Status(s) === status);
}
