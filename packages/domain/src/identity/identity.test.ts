import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorMessage, formatMessage } from '../errors/index';
import { maskIdNumber, maskName, maskPhone } from './mask';
import { characterClasses, passwordMeetsPolicy } from './password-policy';
import { PERMISSIONS, permissionsOf, ROLE_PERMISSIONS, ROLES } from './roles';

describe('password policy (等保: ≥8 characters, 3 classes)', () => {
  it('worked examples', () => {
    expect(passwordMeetsPolicy('Fengqiao@2026')).toBe(true);
    expect(passwordMeetsPolicy('fengqiao2026')).toBe(false); // 2 classes
    expect(passwordMeetsPolicy('Fq@2026')).toBe(false); // 7 characters
    expect(passwordMeetsPolicy('abcDEF12')).toBe(true);
    expect(characterClasses('密码Abc1')).toBe(4); // Chinese counts as a symbol class
  });
  it('never accepts fewer than 8 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 7 }), (p) => {
        expect(passwordMeetsPolicy(p)).toBe(false);
      }),
    );
  });
});

describe('masking', () => {
  it('keeps the region code and last two of an ID number (issue #6 form)', () => {
    expect(maskIdNumber('350104199001011234')).toBe('350104**********34');
  });
  it('masks phones and names', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三丰')).toBe('张**');
  });
  it('never reveals the middle of an ID number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const m = maskIdNumber(id);
        expect(m).toHaveLength(18);
        expect(m.slice(6, 16)).toBe('*'.repeat(10));
      }),
    );
  });
});

describe('roles', () => {
  it('separates the three administrators (三权分立)', () => {
    expect(ROLE_PERMISSIONS.admin).not.toContain('audit:read');
    expect(ROLE_PERMISSIONS.auditor).not.toContain('user:manage');
    expect(ROLE_PERMISSIONS.secAdmin).not.toContain('audit:read');
    expect(ROLE_PERMISSIONS.secAdmin).not.toContain('user:manage');
  });
  it('every role maps only to known permissions', () => {
    for (const r of ROLES) for (const p of ROLE_PERMISSIONS[r]) expect(PERMISSIONS).toContain(p);
    expect(permissionsOf(['leader', 'dispatcher'])).toContain('event:dispatch');
  });
});

describe('error messages', () => {
  it('fill parameters, translating bilingual ones', () => {
    expect(errorMessage('NOT_FOUND', 'zh-CN', { what: { zh: '区域', en: 'Region' } })).toBe(
      '区域不存在或不在您的管辖范围内',
    );
    expect(errorMessage('NOT_FOUND', 'en', { what: { zh: '区域', en: 'Region' } })).toBe(
      'Region not found or outside your scope',
    );
    expect(formatMessage('{a}-{b}', 'en', { a: 1 })).toBe('1-{b}');
  });
});
