import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyRing {
  /** AES-256-GCM key for personal data at rest. */
  pii: Buffer;
  /** HMAC key for blind indexes of personal data (separate from the encryption key). */
  blindIndex: Buffer;
  /** HMAC key of the audit chain. */
  audit: Buffer;
  /** Ed25519 private key (PEM) for document signatures. */
  documentSigningPem: string;
}

/** Short, stable id of a key, stored beside each ciphertext so keys can rotate. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function fileKey(dir: string, name: string, fromEnv: string | undefined): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'base64');
  const path = join(dir, `${name}.key`);
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}

/**
 * Keys come from configuration, or from files created once in `<dataDir>/keys` (mode 0600). Several
 * server processes against one PostgreSQL must share them: set the variables, or share the directory.
 */
export function loadKeyRing(
  dataDir: string,
  env: { piiKey?: string | undefined; auditKey?: string | undefined },
): KeyRing {
  const dir = join(dataDir, 'keys');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signingPath = join(dir, 'document-signing.pem');
  if (!existsSync(signingPath)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(signingPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  try {
    chmodSync(dir, 0o700);
  } catch {
    // best effort on file systems without modes
  }
  return {
    pii: fileKey(dir, 'pii', env.piiKey),
    blindIndex: fileKey(dir, 'blind-index', undefined),
    audit: fileKey(dir, 'audit', env.auditKey),
    documentSigningPem: readFileSync(signingPath, 'utf8'),
  };
}
