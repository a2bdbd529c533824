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
