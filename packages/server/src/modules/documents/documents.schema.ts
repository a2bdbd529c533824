import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, ltree } from '../../db/types';

/**
 * Issued documents (调解协议书, 裁定书, 告知书…). The rendered files are kept with the record; the signature
 * covers the number, the verification code, the data hash and both file hashes.
 */
export const documents = pgTable(
  'documents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    docNo: text('doc_no').notNull(),
    verifyCode: text('verify_code').notNull(),
    template: text('template').notNull(),
    title: text('title').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    regionPath: ltree('region_path').notNull(),
    data: jsonb('data').notNull(),
    dataSha256: text('data_sha256').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    docxSha256: text('docx_sha256').notNull(),
    signature: bytea('signature').notNull(),
    keyId: text('key_id').notNull(),
    issuer: text('issuer').notNull(),
    issuedBy: bigint('issued_by', { mode: 'number' }),
    issuedAt: timestamp('issued_at', { withTimezone: true, precision: 3 }).notNull(),
    status: text('status').notNull().default('valid').$type<'valid' | 'revoked'>(),
    revokedReason: text('revoked_reason'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('documents_no_uq').on(t.docNo),
    uniqueIndex('documents_verify_uq').on(t.verifyCode),
    index('documents_subject_idx').on(t.subjectType, t.subjectId),
    index('documents_path_gist').using('gist', t.regionPath),
  ],
);

export const documentFiles = pgTable(
  'document_files',
  {
    documentId: bigint('document_id', { mode: 'number' })
      .notNull()
      .references(() => documents.id),
    format: text('format').notNull().$type<'pdf' | 'docx'>(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.format] })],
);

/** Next number per template and year (numbers restart each year, as official numbering does). */
export const documentCounters = pgTable(
  'document_counters',
  {
    template: text('template').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.template, t.year] })],
);

/**
 * A document awaiting signatures (调解协议书, 司法确认申请书): its content is fixed when drafted and hashed
 * (`content_sha256`); every signature is bound to that hash. A new draft of the same purpose voids the
 * old one and its signatures. Issuing the document draws the signatures into the files.
 */
export const documentDrafts = pgTable(
  'document_drafts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    template: text('template').notNull(),
    purpose: text('purpose').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    regionPath: ltree('region_path').notNull(),
    data: jsonb('data').notNull(),
    contentSha256: text('content_sha256').notNull(),
    status: text('status').notNull().default('open').$type<'open' | 'issued' | 'void'>(),
    documentId: bigint('document_id', { mode: 'number' }).references(() => documents.id),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('document_drafts_subject_idx').on(t.subjectType, t.subjectId, t.purpose),
    index('document_drafts_path_gist').using('gist', t.regionPath),
  ],
);

/**
 * Who must sign a draft, and their signature once given: the image (an attachment), the content hash
 * they signed, how (on the mediator's tablet or through a one-time link on their own phone) and from
 * where. A one-time link keeps only the SHA-256 of its token.
 */
export const documentSigners = pgTable(
  'document_signers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    draftId: bigint('draft_id', { mode: 'number' })
      .notNull()
      .references(() => documentDrafts.id),
    regionPath: ltree('region_path').notNull(),
    seq: integer('seq').notNull(),
    /** party (a person or organisation in the case, `party_ref`) | user (an account, e.g. the mediator). */
    kind: text('kind').notNull().$type<'party' | 'user'>(),
    partyRef: bigint('party_ref', { mode: 'number' }),
    userId: bigint('user_id', { mode: 'number' }),
    role: text('role').notNull(),
    name: text('name').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true, precision: 3 }),
    signedSha256: text('signed_sha256'),
    imageSha256: text('image_sha256'),
    attachmentId: bigint('attachment_id', { mode: 'number' }),
    method: text('method').$type<'tablet' | 'link'>(),
    /** Who held the tablet (the mediator's account) — null when signed through a link. */
    witnessUserId: bigint('witness_user_id', { mode: 'number' }),
    evidence: jsonb('evidence').$type<{ ip?: string; userAgent?: string }>(),
    linkTokenSha256: text('link_token_sha256'),
    linkExpiresAt: timestamp('link_expires_at', { withTimezone: true }),
    linkSentAt: timestamp('link_sent_at', { withTimezone: true }),
  },
  (t) => [
    index('document_signers_draft_idx').on(t.draftId, t.seq),
    uniqueIndex('document_signers_token_uq').on(t.linkTokenSha256),
    index('document_signers_path_gist').using('gist', t.regionPath),
  ],
);
