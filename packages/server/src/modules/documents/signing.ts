import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * Ed25519 signatures over a document's facts (DESIGN.md: documents with tamper-evident signatures).
 * The public key is published so anyone can check a signature without trusting this server.
 */
export class DocumentSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;

  constructor(privatePem: string) {
    this.privateKey = createPrivateKey(privatePem);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = createHash('sha256')
      .update(this.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex')
      .slice(0, 16);
  }

  sign(payload: string): Buffer {
    return sign(null, Buffer.from(payload, 'utf8'), this.privateKey);
  }

  verify(payload: string, signature: Buffer): boolean {
    try {
      return verify(null, Buffer.from(payload, 'utf8'), this.publicKey, signature);
    } catch {
      return false;
    }
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }
}

export interface SignedFacts {
  docNo: string;
  verifyCode: string;
  template: string;
  issuedAt: string;
  dataSha256: string;
  pdfSha256: string;
  docxSha256: string;
}

/** The exact bytes signed: fixed key order, so verification can rebuild them from the stored row. */
export function signedPayload(f: SignedFacts): string {
  return JSON.stringify([
    f.docNo,
    f.verifyCode,
    f.template,
    f.issuedAt,
    f.dataSha256,
    f.pdfSha256,
    f.docxSha256,
  ]);
}

export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
