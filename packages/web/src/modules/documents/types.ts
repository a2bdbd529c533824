export interface DocumentFacts {
  docNo: string;
  verifyCode: string;
  title: string;
  template: string;
  issuer: string;
  issuedAt: string;
  status: 'valid' | 'revoked';
  revokedReason: string | null;
  revokedAt: string | null;
  pdfSha256: string;
  docxSha256: string;
  keyId: string;
  signatureValid: boolean;
}

export interface CopyCheck extends DocumentFacts {
  presentedSha256: string;
  unaltered: boolean;
  format: 'pdf' | 'docx' | null;
}

export interface DocumentView {
  id: number;
  docNo: string;
  verifyCode: string;
  template: string;
  title: string;
  subjectType: string;
  subjectId: number;
  issuer: string;
  issuedAt: string;
  status: 'valid' | 'revoked';
  revokedReason: string | null;
  pdfSha256: string;
  docxSha256: string;
}
