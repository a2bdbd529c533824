/**
 * Password complexity for 等保 third level (GB/T 22239-2019 §8.1.4 身份鉴别: "口令…复杂度要求").
 * The standard sets no number; 8 characters and 3 classes are the common 测评 setting
 * (reference/cn_governance.md §5.7), so both are parameters with those defaults.
 */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

export function characterClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/[0-9]/.test(password)) n++;
  if (/[^a-zA-Z0-9]/.test(password)) n++;
  return n;
}

export function passwordMeetsPolicy(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): boolean {
  return [...password].length >= policy.minLength && characterClasses(password) >= policy.minClasses;
}
