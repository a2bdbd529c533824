import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidCreditCode, makeCreditCode, parseCreditCode } from './credit-code';
import {
  idNumberCheckChar,
  isValidIdNumber,
  makeIdNumber,
  parseIdNumber,
  upgradeIdNumber15,
} from './id-number';

const today = new Date('2026-11-23T00:00:00Z');

describe('GB 11643 ID numbers (worked examples from cn_governance §6.1)', () => {
  it('computes the check characters of the reference examples', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
    expect(idNumberCheckChar('51310119820113001')).toBe('4');
    expect(idNumberCheckChar('34052419800101001')).toBe('X');
  });
  it('parses birth date, sex and region', () => {
    const r = parseIdNumber('11010519491231002x', today);
    expect(r).toEqual({
      ok: true,
      info: { value: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
    const m = parseIdNumber('513101198201130014', today);
    expect(m.ok && m.info.sex).toBe('male');
  });
  it('accepts full-width input', () => {
    expect(isValidIdNumber('５１３１０１１９８２０１１３００１４', today)).toBe(true);
  });
  it('names the problem', () => {
    expect(parseIdNumber('51310119820113001', today)).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber('003101198201130014', today)).toEqual({ ok: false, problem: 'province' });
    expect(parseIdNumber('513101198202300014', today)).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber('513101203001010014', today)).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber('513101198201130015', today)).toEqual({ ok: false, problem: 'checkDigit' });
  });
  it('upgrades 15-digit numbers', () => {
    expect(upgradeIdNumber15('513101820113001')).toBe('513101198201130014');
    expect(upgradeIdNumber15('12345')).toBeNull();
  });
  it('property: every made number is valid and any single-digit change is caught', () => {
    const date = fc
      .date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 16 }), (d, seq, pos) => {
        const id = makeIdNumber('350104', d, seq);
        expect(isValidIdNumber(id, today)).toBe(true);
        const info = parseIdNumber(id, today);
        expect(info.ok && info.info.birthDate).toBe(d);
        const digit = Number(id[pos]);
        const changed = id.slice(0, pos) + String((digit + 1) % 10) + id.slice(pos + 1);
        expect(isValidIdNumber(changed, today)).toBe(false);
      }),
    );
  });
});

describe('GB 32100 credit codes (worked examples from cn_governance §6.2)', () => {
  it('accepts the real codes the reference checked', () => {
    expect(isValidCreditCode('91350200MA2YJ1XR9G')).toBe(true);
    expect(isValidCreditCode('91350213678251743X')).toBe(true);
    const r = parseCreditCode('91350213678251743x');
    expect(r).toMatchObject({ ok: true, regionCode: '350213', department: '9', kind: '91' });
  });
  it('names the problem', () => {
    expect(parseCreditCode('91350203M0001QAY9B')).toMatchObject({ ok: false, problem: 'checkDigit' });
    expect(parseCreditCode('9135020OMA2YJ1XR9G')).toMatchObject({ ok: false, problem: 'format' });
    expect(parseCreditCode('913502')).toMatchObject({ ok: false, problem: 'format' });
  });
  it('property: made codes are valid and a changed character is caught', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const org8 = fc.string({
      unit: fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'),
      minLength: 8,
      maxLength: 8,
    });
    fc.assert(
      fc.property(org8, fc.integer({ min: 8, max: 17 }), (org, pos) => {
        const code = makeCreditCode('91350104', org);
        expect(isValidCreditCode(code)).toBe(true);
        const c = code[pos]!;
        const alt = chars[(chars.indexOf(c) + 1) % chars.length]!;
        expect(isValidCreditCode(code.slice(0, pos) + alt + code.slice(pos + 1))).toBe(false);
      }),
    );
  });
});
