import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type DocModel,
  type DocumentSignature,
  maskIdNumber,
  maskPhone,
  type Permission,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { AttachmentsService } from '../attachments/attachments.service';
import type { AuditService } from '../audit/audit.service';
import { canonicalJson } from '../audit/audit-hash';
import * as repo from './documents.repo';
import type { DocumentInput, PreparedDocument } from './documents.service';
import { sha256Hex } from './signing';

const DRAFT = { zh: '待签署文书', en: 'Draft awaiting signatures' };
const SIGNER = { zh: '签名人', en: 'Signer' };

/** Who must sign a draft. */
export interface SignerSpec {
  kind: 'party' | 'user';
  partyRef?: number | undefined;
  userId?: number | undefined;
  role: string;
  name: string;
}

export interface SignatureEvidence {
  method: 'tablet' | 'link';
  /** The account that held the tablet (the mediator); null through a link. */
  witnessUserId: number | null;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

// What a handwritten signature must look like to be accepted: a drawn image, not an empty canvas or a
// photograph. Settings of the platform (no standard fixes them).
const SIGNATURE_RULES = {
  maxBytes: 512 * 1024,
  minWidth: 120,
  minHeight: 50,
  maxSide: 4000,
  /** Inked pixels (opaque and dark) needed: a stroke or two of a real signature is far above this. */
  minInk: 150,
  /** Stored size: fits in 600 × 240 px. */
  store: { width: 600, height: 240 },
};

const bad = (zh: string, en: string) =>
  new AppError('DOCUMENT_SIGNATURE_IMAGE_INVALID', { reason: { zh, en } });

/**
 * Checks and normalises a signature drawn on a canvas (PNG): size, dimensions, enough ink; trims the empty
 * margin and scales it to the stored size. Runs outside any transaction.
 */
export async function normaliseSignature(png: Buffer): Promise<Buffer> {
  if (png.length === 0 || png.length > SIGNATURE_RULES.maxBytes)
    throw bad('图像为空或超过 512 KB', 'empty or larger than 512 KB');
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a')
    throw bad('须为 PNG 图像', 'must be a PNG image');
  const { default: sharp } = await import('sharp');
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    raw = await sharp(png, { limitInputPixels: 16_000_000 })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw bad('图像已损坏', 'the image is damaged');
  }
  const { width, height, channels } = raw.info;
  if (width < SIGNATURE_RULES.minWidth || height < SIGNATURE_RULES.minHeight)
    throw bad('图像过小', 'the image is too small');
  if (width > SIGNATURE_RULES.maxSide || height > SIGNATURE_RULES.maxSide)
    throw bad('图像过大', 'the image is too large');
  let ink = 0;
  for (let i = 0; i < raw.data.length; i += channels) {
    const a = raw.data[i + 3]!;
    const lum = (raw.data[i]! * 299 + raw.data[i + 1]! * 587 + raw.data[i + 2]! * 114) / 1000;
    if (a > 64 && lum < 160) ink++;
  }
  if (ink < SIGNATURE_RULES.minInk) throw bad('未检测到手写签名笔迹', 'no handwriting found');
  // Dark strokes on transparency: trim the empty margin, keep the aspect, fit the stored box.
  return sharp(raw.data, { raw: { width, height, channels: channels as 4 } })
    .trim({ background: { r: 0, g: 0, b: 0, alpha: 0 }, threshold: 10 })
    .resize(SIGNATURE_RULES.store.width, SIGNATURE_RULES.store.height, {
      fit: 'inside',
      withoutEnlargement: true,
    })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** The draft's data with the people's ID and phone numbers masked (for the public link page). */
function maskParties(data: unknown): unknown {
  const d = { ...(data as Record<string, unknown>) };
  for (const key of ['parties', 'applicants'])
    if (Array.isArray(d[key]))
      d[key] = (d[key] as Record<string, unknown>[]).map((p) => ({
        ...p,
        ...(typeof p.idNumber === 'string' ? { idNumber: maskIdNumber(p.idNumber) } : {}),
        ...(typeof p.phone === 'string' ? { phone: maskPhone(p.phone) } : {}),
      }));
  return d;
}

/** Readable state of a draft and its signers (no tokens, no evidence). */
export function presentDraft(d: repo.DraftRow, signers: repo.SignerRow[]) {
  return {
    id: d.id,
    template: d.template,
    purpose: d.purpose,
    status: d.status,
    contentSha256: d.contentSha256,
    documentId: d.documentId,
    createdAt: d.createdAt.toISOString(),
    data: d.data,
    signers: signers.map((s) => ({
      id: s.id,
      kind: s.kind,
      partyRef: s.partyRef,
      userId: s.userId,
      role: s.role,
      name: s.name,
      signedAt: s.signedAt?.toISOString() ?? null,
      method: s.method,
      boundToContent: s.signedAt ? s.signedSha256 === d.contentSha256 : null,
      imageUrl: s.attachmentId ? `/api/v1/attachments/${s.attachmentId}/content` : null,
      linkExpiresAt: s.linkExpiresAt?.toISOString() ?? null,
    })),
    complete: signers.length > 0 && signers.every((s) => s.signedAt && s.signedSha256 === d.contentSha256),
  };
}
export type DraftView = ReturnType<typeof presentDraft>;

/**
 * Documents signed by hand (issue #5): a draft's content is fixed and hashed, each signer signs on a
 * tablet or through a one-time link on their phone, and the issued document draws every signature.
 */
export function createSigning(ctx: {
  db: Database;
  audit: AuditService;
  attachments: AttachmentsService;
  parse: (
    template: string,
    data: unknown,
  ) => { data: Record<string, unknown>; build: (docNo: string) => DocModel };
  subjectFor: (
    actor: Actor,
    type: string,
    id: number,
    need: 'read' | 'issue',
    permissions: ReadonlySet<Permission>,
  ) => Promise<{ regionPath: string }>;
  prepare: (
    actor: Actor,
    input: DocumentInput,
    permissions: ReadonlySet<Permission>,
    opts?: { images?: ReadonlyMap<string, Buffer> },
  ) => Promise<PreparedDocument>;
  store: (actor: Actor, p: PreparedDocument) => Promise<repo.DocumentRow>;
}) {
  const { db, audit, attachments } = ctx;

  /**
   * Fixes a document's content for signing; a previous open draft of the same purpose is voided with its
   * signatures (they were given to other content). Joins the caller's transaction.
   */
  async function draft(
    actor: Actor,
    input: DocumentInput & { purpose: string; signers: SignerSpec[] },
    permissions: ReadonlySet<Permission>,
  ) {
    const { data } = ctx.parse(input.template, input.data);
    const contentSha256 = sha256Hex(canonicalJson(data));
    const run = async () => {
      const subject = await ctx.subjectFor(actor, input.subjectType, input.subjectId, 'issue', permissions);
      const voided = await repo.voidOpenDrafts(input.subjectType, input.subjectId, input.purpose);
      const r = await repo.insertDraft(
        {
          template: input.template,
          purpose: input.purpose,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          regionPath: subject.regionPath,
          data,
          contentSha256,
          createdBy: actor.userId,
        },
        input.signers.map((s, i) => ({
          seq: i + 1,
          kind: s.kind,
          partyRef: s.partyRef ?? null,
          userId: s.userId ?? null,
          role: s.role,
          name: s.name,
        })),
      );
      await audit.record({
        action: 'document.draft',
        objectType: 'documentDraft',
        objectId: r.draft.id,
        diff: {
          purpose: input.purpose,
          subject: `${input.subjectType}:${input.subjectId}`,
          contentSha256,
          signers: input.signers.map((s) => s.name),
          voided,
        },
      });
      return presentDraft(r.draft, r.signers);
    };
    return inTransaction() ? run() : transaction(db, actor, run);
  }

  async function view(actor: Actor, subjectType: string, subjectId: number, purpose: string) {
    const run = async () => {
      const d = await repo.latestDraft(subjectType, subjectId, purpose);
      return d ? presentDraft(d, await repo.signersOf(d.id)) : null;
    };
    return inTransaction() ? run() : transaction(db, actor, run);
  }

  /** The signer and its open draft; 404 when either is not visible, 409 when the draft is closed. */
  async function openSigner(signerId: number, lock = false) {
    const signer = await repo.signerById(signerId);
    if (!signer) throw notFound(SIGNER);
    const d = await repo.draftById(signer.draftId, { lock });
    if (!d) throw notFound(DRAFT);
    if (d.status !== 'open') throw new AppError('DOCUMENT_DRAFT_CLOSED');
    return { signer, draft: d };
  }

  async function record(actor: Actor, signerId: number, png: Buffer, ev: SignatureEvidence) {
    const { signer, draft: d } = await openSigner(signerId, true);
    if (signer.signedAt) throw new AppError('DOCUMENT_ALREADY_SIGNED', { name: signer.name });
    const att = await attachments.storeOwned(
      actor,
      { name: `签名-${signer.name}.png`, data: png },
      { kind: 'documentSignature', id: signer.id, regionPath: d.regionPath },
    );
    const imageSha256 = sha256Hex(png);
    const signed = await repo.recordSignature(signer.id, {
      signedAt: new Date(),
      signedSha256: d.contentSha256,
      imageSha256,
      attachmentId: att.id,
      method: ev.method,
      witnessUserId: ev.witnessUserId,
      evidence: { ip: ev.ip, userAgent: ev.userAgent?.slice(0, 300) },
    });
    if (!signed) throw new AppError('DOCUMENT_ALREADY_SIGNED', { name: signer.name });
    await audit.record({
      action: 'document.sign',
      objectType: 'documentDraft',
      objectId: d.id,
      diff: {
        signer: signer.name,
        role: signer.role,
        method: ev.method,
        witnessUserId: ev.witnessUserId,
        contentSha256: d.contentSha256,
        imageSha256,
        attachmentId: att.id,
      },
    });
    return { signer: signed, draft: d };
  }

  /**
   * A signature given in front of the tablet holder (the caller has checked who may hold it and who may
   * sign). The image is checked before the short write.
   */
  async function sign(actor: Actor, signerId: number, image: Buffer, ev: SignatureEvidence) {
    const png = await normaliseSignature(image);
    return transaction(db, actor, () => record(actor, signerId, png, ev));
  }

  /** Arms a one-time link for a signer (only the token's hash is kept); the caller sends it. */
  async function createLink(actor: Actor, signerId: number, ttlMs: number) {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs);
    const run = async () => {
      const { signer, draft: d } = await openSigner(signerId);
      if (signer.signedAt) throw new AppError('DOCUMENT_ALREADY_SIGNED', { name: signer.name });
      await repo.setLink(signer.id, sha256Hex(token), expiresAt);
      await audit.record({
        action: 'document.signLink',
        objectType: 'documentDraft',
        objectId: d.id,
        diff: { signer: signer.name, expiresAt: expiresAt.toISOString() },
      });
      return { token, expiresAt, signer };
    };
    return inTransaction() ? run() : transaction(db, actor, run);
  }

  /** The signer behind a link, if the link is live: unknown, used, expired and voided links all look alike. */
  async function byToken(token: string) {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw new AppError('DOCUMENT_SIGN_LINK_INVALID');
    const signer = await repo.signerByToken(sha256Hex(token));
    if (!signer || signer.signedAt || !signer.linkExpiresAt || signer.linkExpiresAt < new Date())
      throw new AppError('DOCUMENT_SIGN_LINK_INVALID');
    const d = await repo.draftById(signer.draftId);
    if (d?.status !== 'open') throw new AppError('DOCUMENT_SIGN_LINK_INVALID');
    return { signer, draft: d };
  }

  /**
   * Public: what the signer reads before signing — the draft's content as the document will print it,
   * except that ID numbers and phone numbers are masked on this page (a forwarded or leaked link must not
   * expose them; the signer's own copy of the issued document carries them in full).
   */
  async function linkView(token: string) {
    const { signer, draft: d } = await transaction(db, SYSTEM_ACTOR, () => byToken(token));
    const model = ctx.parse(d.template, maskParties(d.data)).build('（待签署）');
    return {
      signer: { name: signer.name, role: signer.role },
      title: model.title,
      blocks: model.blocks,
      contentSha256: d.contentSha256,
      expiresAt: signer.linkExpiresAt!.toISOString(),
      subjectType: d.subjectType,
      subjectId: d.subjectId,
    };
  }

  /** Public: the signer signs on their own phone; the link is used up. */
  async function signByLink(token: string, image: Buffer, ev: { ip?: string; userAgent?: string }) {
    const png = await normaliseSignature(image);
    return transaction(db, SYSTEM_ACTOR, async () => {
      const { signer } = await byToken(token);
      return record(SYSTEM_ACTOR, signer.id, png, { method: 'link', witnessUserId: null, ...ev });
    });
  }

  /**
   * Renders the signed document (outside any transaction): every signer must have signed this draft's
   * content; their images are drawn into the files. `extra` adds fields fixed at issue (e.g. the seal).
   */
  async function prepareSigned(
    actor: Actor,
    draftId: number,
    extra: Record<string, unknown>,
    permissions: ReadonlySet<Permission>,
  ) {
    const { d, signers } = await transaction(db, actor, async () => {
      const d = await repo.draftById(draftId);
      if (!d) throw notFound(DRAFT);
      if (d.status !== 'open') throw new AppError('DOCUMENT_DRAFT_CLOSED');
      return { d, signers: await repo.signersOf(d.id) };
    });
    const missing = signers.filter((s) => !s.signedAt || s.signedSha256 !== d.contentSha256);
    if (missing.length || !signers.length)
      throw new AppError('DOCUMENT_SIGNING_INCOMPLETE', { names: missing.map((s) => s.name).join('、') });
    const images = new Map<string, Buffer>();
    for (const s of signers) {
      const att = await attachments.get(actor, s.attachmentId!);
      const bytes = await readFile(attachments.contentPath(att));
      // The stored bytes must still be the ones signed.
      if (sha256Hex(bytes) !== s.imageSha256)
        throw new AppError('DOCUMENT_SIGNING_INCOMPLETE', { names: s.name });
      images.set(s.imageSha256!, bytes);
    }
    const signatures: DocumentSignature[] = signers.map((s) => ({
      name: s.name,
      signedAt: s.signedAt!.toISOString(),
      method: s.method ?? undefined,
      imageSha256: s.imageSha256!,
      contentSha256: s.signedSha256!,
    }));
    const prepared = await ctx.prepare(
      actor,
      {
        template: d.template,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        data: {
          ...(d.data as Record<string, unknown>),
          ...extra,
          signatures,
          contentSha256: d.contentSha256,
        },
      },
      permissions,
      { images },
    );
    return { prepared, draftId: d.id };
  }

  /** Writes a signed document and closes its draft, in the caller's transaction (409 if replaced meanwhile). */
  async function storeSigned(actor: Actor, p: { prepared: PreparedDocument; draftId: number }) {
    const row = await ctx.store(actor, p.prepared);
    if (!(await repo.markDraftIssued(p.draftId, row.id))) throw new AppError('DOCUMENT_DRAFT_CLOSED');
    return row;
  }

  return {
    draft,
    draftView: view,
    signer: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const s = await repo.signerById(id);
        if (!s) throw notFound(SIGNER);
        const d = await repo.draftById(s.draftId);
        if (!d) throw notFound(DRAFT);
        return { signer: s, draft: d };
      }),
    sign,
    createLink,
    linkView,
    signByLink,
    prepareSigned,
    storeSigned,
  };
}
