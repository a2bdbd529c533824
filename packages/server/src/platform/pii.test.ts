import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PiiCipher } from './pii';

describe('PiiCipher', () => {
  it('round-trips across IV pool refills and never repeats an IV', () => {
    const pii = new PiiCipher(randomBytes(32), randomBytes(32));
    const ivs = new Set<string>();
    // More encryptions than one pool holds (5,461), so the pool is refilled at least twice.
    for (let i = 0; i < 12_000; i++) {
      const plain = `3501041985061512${String(i % 100).padStart(2, '0')}`;
      const blob = pii.encrypt(plain);
      expect(pii.decrypt(blob)).toBe(plain);
      ivs.add(blob.subarray(9, 21).toString('hex'));
    }
    expect(ivs.size).toBe(12_000);
  });

  it('refuses a tampered ciphertext (GCM tag)', () => {
    const pii = new PiiCipher(randomBytes(32), randomBytes(32));
    const blob = pii.encrypt('13800138000');
    blob[blob.length - 1]! ^= 1;
    expect(() => pii.decrypt(blob)).toThrow();
  });
});
