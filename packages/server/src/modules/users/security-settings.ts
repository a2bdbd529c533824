import { z } from 'zod';
import type { Config } from '../../config';

/**
 * 等保 third-level login-failure handling and session timeout (GB/T 22239-2019 §8.1.4 身份鉴别).
 * The standard names the controls but no numbers; 5 failures / 30 min lock / 30 min idle / 8 chars with
 * 3 classes are the common 测评 settings (reference/cn_governance.md §5.7), so all are settings.
 */
export const securitySettingsSchema = z.object({
  loginMaxFailures: z.number().int().min(1).max(100),
  loginLockMinutes: z.number().int().min(1).max(1440),
  sessionIdleMinutes: z.number().int().min(1).max(1440),
  passwordMinLength: z.number().int().min(8).max(64),
  passwordMinClasses: z.number().int().min(3).max(4),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

export const SECURITY_SETTINGS_KEY = 'security';

export function securityDefaults(config: Config): SecuritySettings {
  return {
    loginMaxFailures: config.security.loginMaxFailures,
    loginLockMinutes: config.security.loginLockMinutes,
    sessionIdleMinutes: config.security.sessionIdleMinutes,
    passwordMinLength: 8,
    passwordMinClasses: 3,
  };
}
