import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import { keyId } from './keys';

/**
 * Personal data at rest (DESIGN.md §3; PIPL 第51条 加密): AES-256-GCM with a random 96-bit IV.
 * Layout: 1 byte version | 8 bytes key id (ASCII hex) | 12 bytes IV | 16 bytes tag | ciphertext.
 */
const VERSION = 1;
/** IVs are cut from a pool refilled from the CSPRNG 64 KiB at a time: one system call per ~5,000 encryptions, not one each. */
const IV_POOL = 12 * 5461;

export class PiiCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;
  private readonly header: Buffer;
  private readonly ivPool = Buffer.alloc(IV_POOL);
  private ivAt = IV_POOL;

  constructor(
    current: Buffer,
    private readonly indexKey: Buffer,
    previous: Buffer[] = [],
  ) {
    this.currentId = keyId(current);
    this.keys.set(this.currentId, current);
    for (const k of previous) this.keys.set(keyId(k), k);
    this.header = Buffer.concat([Buffer.from([VERSION]), Buffer.from(this.currentId, 'ascii')]);
  }

  private nextIv(): Buffer {
    if (this.ivAt >= IV_POOL) {
      randomFillSync(this.ivPool);
      this.ivAt = 0;
    }
    // A copy: the pool is overwritten on the next refill.
    const iv = Buffer.from(this.ivPool.subarray(this.ivAt, this.ivAt + 12));
    this.ivAt += 12;
    return iv;
  }

  encrypt(plain: string): Buffer {
    const key = this.keys.get(this.currentId)!;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([this.header, iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer | Uint8Array): string {
    const buf = Buffer.isBuffer(blob) ? blob : Buffer.from(blob);
    if (buf[0] !== VERSION) throw new Error('unknown personal-data ciphertext version');
    const id = buf.subarray(1, 9).toString('ascii');
    const key = this.keys.get(id);
    if (!key) throw new Error(`personal-data key ${id} is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(9, 21));
    decipher.setAuthTag(buf.subarray(21, 37));
    return Buffer.concat([decipher.update(buf.subarray(37)), decipher.final()]).toString('utf8');
  }

  /** Deterministic HMAC so an exact value can be found without decrypting every row. */
  blindIndex(value: string, field: string): string {
    return blindIndexText(this.blindDigest(value, field));
  }

  /** The blind index's HMAC digest (32 bytes): its first 16 bytes serve as a binary key in memory. */
  blindDigest(value: string, field: string): Buffer {
    return createHmac('sha256', this.indexKey).update(field).update('\u0000').update(value).digest();
  }
}

/** The stored blind index: the first 22 base64url characters of the digest (they depend on its first 17 bytes). */
export function blindIndexText(digest: Buffer): string {
  return digest.toString('base64url', 0, 18).slice(0, 22);
}
