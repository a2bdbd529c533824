import { CONFIRMATION_WORKFLOW } from '@fengqiao/domain/disputes/confirmation-workflow';
import {
  DISPUTE_TYPES,
  MEDIATION_LEVELS,
  MEDIATION_TYPES,
  RISK_FLAGS,
} from '@fengqiao/domain/disputes/constants';
import { DISPUTE_WORKFLOW, GUIDANCE_OPTIONS } from '@fengqiao/domain/disputes/dispute-workflow';
import { pick } from '@/shared/i18n';

/** Labels from the domain's own reference data, so the pages say what the server enforces. */
export const typeLabel = (code: string, lang: string) => {
  const t = DISPUTE_TYPES.find((x) => x.code === code);
  return t ? pick(t, lang) : code;
};
export const levelLabel = (level: string, lang: string) => {
  const l = MEDIATION_LEVELS[level as keyof typeof MEDIATION_LEVELS];
  return l ? pick(l, lang) : level;
};
export const mediationTypeLabel = (m: string, lang: string) => {
  const l = MEDIATION_TYPES[m as keyof typeof MEDIATION_TYPES];
  return l ? pick(l, lang) : m;
};
export const flagLabel = (f: string, lang: string) => {
  const l = RISK_FLAGS[f as keyof typeof RISK_FLAGS];
  return l ? pick(l, lang) : f;
};
export const stateLabel = (s: string, lang: string) => {
  const l = DISPUTE_WORKFLOW.states[s as keyof typeof DISPUTE_WORKFLOW.states];
  return l ? pick(l.label, lang) : s;
};
export const stateTone = (s: string) =>
  DISPUTE_WORKFLOW.states[s as keyof typeof DISPUTE_WORKFLOW.states]?.tone ?? 'info';
export const guidanceLabel = (g: string, lang: string) => {
  const o = GUIDANCE_OPTIONS.find((x) => x.value === g);
  return o ? pick(o.label, lang) : g;
};
export const riskTone = (r: string) =>
  r === 'critical' ? 'danger' : r === 'high' ? 'warning' : r === 'medium' ? 'primary' : 'info';
export const TYPE_OPTIONS = DISPUTE_TYPES;
export const FLAG_KEYS = Object.keys(RISK_FLAGS);
export const STATE_KEYS = Object.keys(DISPUTE_WORKFLOW.states);
export const pct = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);
export const confirmationStateLabel = (s: string, lang: string) => {
  const l = CONFIRMATION_WORKFLOW.states[s as keyof typeof CONFIRMATION_WORKFLOW.states];
  return l ? pick(l.label, lang) : s;
};
