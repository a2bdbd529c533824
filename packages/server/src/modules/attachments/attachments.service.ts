import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from '../../db/client';
import { type Actor, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import * as repo from './attachments.repo';
import { BlobStore } from './blob-store';
import { sniff } from './sniff';

const THING = { zh: '附件', en: 'Attachment' };
export const THUMB_SUFFIX = '.thumb.webp';
const THUMB_PX = 320;
/**
 * Region of uploads from people without an account until a report claims them: a path no user's scope
 * covers, so nobody can read them (only the system scope sees it).
 */
export const PUBLIC_UPLOAD_PATH = 'public_upload';

export interface UploadedFile {
  name: string;
  data: Buffer;
}

function cleanName(name: string): string {
  // Keep the base name only, without control characters; the name is shown, never used as a path.
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

/**
 * Attachments (issue #3): type checked on the content, stored content-addressed, thumbnails for photos,
 * read access by region scope. Other modules attach uploads to their cases and visits with `attach`
 * inside their own transaction.
 */
export function createAttachmentsService(deps: {
  db: Database;
  audit: AuditService;
  dir: string;
  maxBytes: number;
}) {
  const { db, audit, maxBytes } = deps;
  const blobs = new BlobStore(deps.dir);
  const limitLabel = `${Math.round(maxBytes / 1024 / 1024)} MB`;

  async function prepare(file: UploadedFile) {
    const name = cleanName(file.name);
    if (file.data.length === 0) throw new AppError('ATTACHMENT_EMPTY', { name });
    if (file.data.length > maxBytes) throw new AppError('ATTACHMENT_TOO_LARGE', { name, limit: limitLabel });
    const t = await sniff(file.data, name);
    if (!t.ok) throw new AppError('ATTACHMENT_TYPE', { name, detected: t.detected });
    let meta: { width: number | null; height: number | null; thumb: Buffer | null } = {
      width: null,
      height: null,
      thumb: null,
    };
    if (t.kind === 'image') {
      try {
        // rotate() applies the phone's EXIF orientation so the thumbnail stands the right way up.
        // sharp (libvips) loads on the first photo, not at every start.
        const { default: sharp } = await import('sharp');
        const img = sharp(file.data, { limitInputPixels: 100_000_000 });
        const info = await img.metadata();
        const thumb = await img
          .rotate()
          .resize(THUMB_PX, THUMB_PX, { fit: 'inside' })
          .webp({ quality: 72 })
          .toBuffer();
        meta = { width: info.width ?? null, height: info.height ?? null, thumb };
      } catch {
        throw new AppError('ATTACHMENT_TYPE', {
          name,
          detected: { zh: '损坏的图片', en: 'a damaged image' },
        });
      }
    }
    return { name, type: t, meta, sha: BlobStore.sha256(file.data), data: file.data };
  }

  // Public uploads a caller has vouched for (events: an HMAC token per photo), for `attach` to accept.
  const publicGrant = new AsyncLocalStorage<ReadonlySet<number>>();

  async function upload(actor: Actor, files: UploadedFile[], opts: { imagesOnly?: boolean } = {}) {
    if (!files.length) throw new AppError('ATTACHMENT_MISSING');
    const anonymous = actor === SYSTEM_ACTOR && opts.imagesOnly === true;
    if (!anonymous && (!actor.scopePath || actor.scopePath === '*')) throw new AppError('OUT_OF_SCOPE');
    const ready: Awaited<ReturnType<typeof prepare>>[] = [];
    for (const f of files) ready.push(await prepare(f));
    const notImage = opts.imagesOnly ? ready.find((r) => r.type.kind !== 'image') : undefined;
    if (notImage)
      throw new AppError('ATTACHMENT_TYPE', {
        name: notImage.name,
        detected: { zh: `${notImage.type.mime}（只收照片）`, en: `${notImage.type.mime} (photos only)` },
      });
    for (const r of ready) {
      await blobs.put(r.sha, r.data);
      if (r.meta.thumb) await blobs.put(r.sha, r.meta.thumb, THUMB_SUFFIX);
    }
    return transaction(db, actor, async () => {
      const rows = await repo.insertAttachments(
        ready.map((r) => ({
          sha256: r.sha,
          size: r.data.length,
          mime: r.type.mime,
          kind: r.type.kind,
          name: r.name,
          width: r.meta.width,
          height: r.meta.height,
          hasThumbnail: r.meta.thumb !== null,
          regionPath: anonymous ? PUBLIC_UPLOAD_PATH : actor.scopePath,
          uploadedBy: actor.userId,
        })),
      );
      await audit.record({
        action: 'attachment.upload',
        objectType: 'attachment',
        objectId: rows.map((r) => r.id).join(','),
        diff: {
          files: rows.map((r) => ({ id: r.id, name: r.name, mime: r.mime, size: r.size, sha256: r.sha256 })),
        },
      });
      return rows;
    });
  }

  /** A readable attachment: in scope, and, while unattached, only its uploader's. */
  async function get(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const row = await repo.attachmentById(id);
      if (!row) throw notFound(THING);
      if (row.ownerKind === null && actor.userId !== row.uploadedBy && actor.scopePath !== '*')
        throw notFound(THING);
      return row;
    });
  }

  /**
   * Attaches uploads to a case or visit, inside the caller's transaction. Throws CASE_ATTACHMENT_INVALID
   * naming the first id that is not the actor's own unattached upload (or already on this owner).
   */
  async function attach(
    actor: Actor,
    ids: readonly number[],
    owner: { kind: string; id: number; regionPath: string },
  ) {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const granted = [...(publicGrant.getStore() ?? [])].filter((i) => unique.includes(i));
    const run = async () => {
      const done = new Set(await repo.attach(unique, actor.userId, owner));
      if (granted.length)
        for (const i of await repo.claimPublic(granted, PUBLIC_UPLOAD_PATH, owner)) done.add(i);
      const missing = unique.find((i) => !done.has(i));
      if (missing !== undefined) throw new AppError('CASE_ATTACHMENT_INVALID', { id: missing });
      return unique;
    };
    return inTransaction() ? run() : transaction(db, actor, run);
  }

  /**
   * Stores a file that belongs to an owner from the start (a handwritten signature on a document draft),
   * for writers that are not an uploading session — a party signing through a one-time link. Joins the
   * caller's transaction; the bytes are content-addressed, so a rolled-back call leaves at most an
   * unreferenced blob.
   */
  async function storeOwned(
    actor: Actor,
    file: UploadedFile,
    owner: { kind: string; id: number; regionPath: string },
  ) {
    const r = await prepare(file);
    await blobs.put(r.sha, r.data);
    if (r.meta.thumb) await blobs.put(r.sha, r.meta.thumb, THUMB_SUFFIX);
    const run = async () => {
      const [row] = await repo.insertAttachments([
        {
          sha256: r.sha,
          size: r.data.length,
          mime: r.type.mime,
          kind: r.type.kind,
          name: r.name,
          width: r.meta.width,
          height: r.meta.height,
          hasThumbnail: r.meta.thumb !== null,
          regionPath: owner.regionPath,
          ownerKind: owner.kind,
          ownerId: owner.id,
          uploadedBy: actor.userId,
        },
      ]);
      return row!;
    };
    return inTransaction() ? run() : transaction(db, actor, run);
  }

  /**
   * Deletes public uploads (PUBLIC_UPLOAD_PATH) that no report claimed and that were uploaded before
   * `before`, with their files when no other attachment shares the content (content-addressed). Rows go
   * in batches, each in its own system transaction with its audit record; files are removed after the
   * commit, and only when last stored before `before` (an upload of the same bytes in flight renews it).
   */
  async function purgeUnclaimedPublic(before: Date, batch = 500) {
    let rows = 0;
    let files = 0;
    for (;;) {
      const { gone, inUse } = await transaction(db, SYSTEM_ACTOR, async () => {
        const gone = await repo.deleteUnclaimedPublic(PUBLIC_UPLOAD_PATH, before, batch);
        if (!gone.length) return { gone, inUse: new Set<string>() };
        await audit.record({
          action: 'attachment.purgeUnclaimed',
          objectType: 'attachment',
          objectId: gone.map((r) => r.id).join(','),
          diff: { before: before.toISOString(), files: gone },
        });
        return { gone, inUse: await repo.shasInUse([...new Set(gone.map((r) => r.sha256))]) };
      });
      rows += gone.length;
      for (const sha of new Set(gone.map((r) => r.sha256))) {
        if (inUse.has(sha)) continue;
        if (await blobs.removeIfOlder(sha, before)) files++;
        await blobs.removeIfOlder(sha, before, THUMB_SUFFIX);
      }
      if (gone.length < batch) return { rows, files };
    }
  }

  return {
    upload,
    purgeUnclaimedPublic,
    /** A resident's photos without an account: images only, unreadable until a report claims them. */
    uploadPublic: (files: UploadedFile[]) => upload(SYSTEM_ACTOR, files, { imagesOnly: true }),
    /**
     * Runs `fn` with these public uploads attachable by `attach` (the caller checked they belong to the
     * report being filed). Only unattached public uploads qualify; each can be claimed once.
     */
    withPublicUploads: <T>(ids: readonly number[], fn: () => Promise<T>) => publicGrant.run(new Set(ids), fn),
    get,
    attach,
    storeOwned,
    /** Metadata of several attachments the actor may see (timelines list them). */
    describe: (actor: Actor, ids: readonly number[]) =>
      transaction(db, actor, () => repo.attachmentsByIds(ids)),
    ofOwner: (actor: Actor, kind: string, id: number) =>
      transaction(db, actor, () => repo.attachmentsOf(kind, id)),
    contentPath: (row: repo.AttachmentRow) => blobs.pathOf(row.sha256),
    thumbnailPath: (row: repo.AttachmentRow) =>
      row.hasThumbnail ? blobs.pathOf(row.sha256, THUMB_SUFFIX) : null,
    maxBytes,
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;

export function presentAttachment(a: repo.AttachmentRow) {
  return {
    id: a.id,
    name: a.name,
    mime: a.mime,
    kind: a.kind,
    size: a.size,
    sha256: a.sha256,
    width: a.width,
    height: a.height,
    url: `/api/v1/attachments/${a.id}/content`,
    thumbnailUrl: a.hasThumbnail ? `/api/v1/attachments/${a.id}/thumbnail` : null,
    attachedTo: a.ownerKind ? { kind: a.ownerKind, id: a.ownerId } : null,
    createdAt: a.createdAt.toISOString(),
  };
}
