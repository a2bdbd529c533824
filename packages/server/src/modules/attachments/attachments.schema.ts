import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types';

export type AttachmentKind = 'image' | 'pdf' | 'office';

/**
 * Uploaded files (photos, PDFs, office documents). The bytes live on disk, content-addressed by SHA-256
 * (the same photo uploaded twice is stored once); this row says who may see them: it is scoped by the
 * region of the case or visit it belongs to, or, until it is attached, of the person who uploaded it.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    kind: text('kind').$type<AttachmentKind>().notNull(),
    name: text('name').notNull(),
    width: integer('width'),
    height: integer('height'),
    hasThumbnail: boolean('has_thumbnail').notNull().default(false),
    regionPath: ltree('region_path').notNull(),
    /** What it belongs to (`event`, `dispute`, `visit`…) once attached; null right after upload. */
    ownerKind: text('owner_kind'),
    ownerId: bigint('owner_id', { mode: 'number' }),
    uploadedBy: bigint('uploaded_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerKind, t.ownerId),
    index('attachments_path_gist').using('gist', t.regionPath),
    index('attachments_unlinked_idx').on(t.uploadedBy).where(sql`${t.ownerKind} IS NULL`),
    index('attachments_sha_idx').on(t.sha256),
  ],
);
