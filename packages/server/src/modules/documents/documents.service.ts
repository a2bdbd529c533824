import { randomBytes } from 'node:crypto';
import {
  DOCUMENT_TEMPLATES,
  type DocModel,
  documentNumber,
  type Permission,
  type TemplateKey,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { AttachmentsService } from '../attachments/attachments.service';
import type { AuditService } from '../audit/audit.service';
import { canonicalJson } from '../audit/audit-hash';
import type { TerritoryService } from '../territory/territory.service';
import * as repo from './documents.repo';
import { createSigning } from './documents.signing';
import { type DocumentSigner, type SignedFacts, sha256Hex, signedPayload } from './signing';

/** What a module registers so documents can hang on its records (a dispute, a filing…). */
export interface DocumentSubject {
  label: { zh: string; en: string };
  readPermission: Permission;
  issuePermission: Permission;
  /** The record's region path if the actor may see it, else null (→ 404). */
  resolve(actor: Actor, id: number): Promise<{ regionPath: string } | null>;
}

const THING = { zh: '文书', en: 'Document' };

export interface DocumentInput {
  template: string;
  subjectType: string;
  subjectId: number;
  data: unknown;
}

/** A rendered and signed document not yet written (documents.prepare → documents.store). */
export interface PreparedDocument {
  facts: SignedFacts;
  row: repo.NewDocumentRow;
  files: { format: 'pdf' | 'docx'; bytes: Buffer }[];
}
// Crockford base32 without look-alikes: codes are read off paper and typed in.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newVerifyCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export function createDocumentsService(deps: {
  db: Database;
  audit: AuditService;
  attachments: AttachmentsService;
  territory: TerritoryService;
  signer: DocumentSigner;
  publicUrl: string;
  orgShort: string;
  defaultIssuer: string;
}) {
  const { db, audit, signer } = deps;
  const subjects = new Map<string, DocumentSubject>();

  subjects.set('region', {
    label: { zh: '区域', en: 'Region' },
    readPermission: 'region:read',
    issuePermission: 'document:issue',
    async resolve(actor, id) {
      const r = await deps.territory.regionSummary(id);
      if (!r || (actor.scopePath !== '*' && !`${r.regionPath}.`.startsWith(`${actor.scopePath}.`)))
        return null;
      return { regionPath: r.regionPath };
    },
  });

  function template(key: string) {
    const t = (DOCUMENT_TEMPLATES as Record<string, (typeof DOCUMENT_TEMPLATES)[TemplateKey]>)[key];
    if (!t) throw new AppError('DOCUMENT_TEMPLATE_UNKNOWN', { template: key });
    return t;
  }

  function issuerOf(data: Record<string, unknown>): string {
    for (const k of ['committee', 'court', 'issuer'])
      if (typeof data[k] === 'string' && data[k]) return data[k] as string;
    return deps.defaultIssuer;
  }

  async function render(
    model: DocModel,
    verifyCode: string,
    watermark: string,
    issuedAt: Date,
    images?: ReadonlyMap<string, Buffer>,
  ) {
    // The renderers and their libraries load on first use: most processes never draw a document, and
    // loading pdfkit, docx and fontkit would slow every start.
    const [{ default: QRCode }, { renderPdf }, { renderDocx }] = await Promise.all([
      import('qrcode'),
      import('./render-pdf'),
      import('./render-docx'),
    ]);
    const qrPng = await QRCode.toBuffer(`${deps.publicUrl}/m/v/${verifyCode}`, {
      margin: 1,
      width: 240,
      errorCorrectionLevel: 'M',
    });
    const extras = { qrPng, verifyCode, watermark, issuedAt, images: images ?? new Map<string, Buffer>() };
    const [pdf, docx] = await Promise.all([renderPdf(model, extras), renderDocx(model, extras)]);
    return { pdf, docx };
  }

  async function subjectFor(
    actor: Actor,
    type: string,
    id: number,
    need: 'read' | 'issue',
    permissions: ReadonlySet<Permission>,
  ) {
    const s = subjects.get(type);
    if (!s) throw new AppError('DOCUMENT_SUBJECT_UNKNOWN', { type });
    if (!permissions.has(need === 'read' ? s.readPermission : s.issuePermission))
      throw new AppError('FORBIDDEN');
    const found = await s.resolve(actor, id);
    if (!found) throw notFound(s.label);
    return found;
  }

  /**
   * Fills a template, numbers, renders (PDF + DOCX) and signs a document, OUTSIDE any transaction:
   * rendering takes a tenth of a second or more and must not hold row locks or a PGlite connection.
   * The caller then writes it with `store` in a short transaction, together with its own change.
   * Bad input (schema, permission, scope) fails here, before anything is written. The number is
   * reserved in its own short transaction so the files can print it; if the caller's write then fails,
   * that number stays unused (like a spoilt numbered form), but no document is ever half-written.
   */
  async function prepare(
    actor: Actor,
    input: DocumentInput,
    permissions: ReadonlySet<Permission>,
    opts: { images?: ReadonlyMap<string, Buffer> } = {},
  ): Promise<PreparedDocument> {
    if (inTransaction())
      throw new Error('documents.prepare renders outside a transaction: prepare first, then store()');
    const t = template(input.template);
    const data = t.schema.parse(input.data) as Record<string, unknown>;
    const subject = await transaction(db, actor, () =>
      subjectFor(actor, input.subjectType, input.subjectId, 'issue', permissions),
    );
    const issuedAt = new Date();
    const year = Number(new Date(issuedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    const seq = await transaction(db, actor, () => repo.nextNumber(t.key, year));
    const docNo = documentNumber(deps.orgShort, t.numberPrefix, year, seq);
    const verifyCode = newVerifyCode();
    const issuer = issuerOf(data);
    const model = (t.build as (d: unknown, n: string) => DocModel)(data, docNo);
    const { pdf, docx } = await render(model, verifyCode, `${issuer} ${verifyCode}`, issuedAt, opts.images);
    const facts: SignedFacts = {
      docNo,
      verifyCode,
      template: t.key,
      issuedAt: issuedAt.toISOString(),
      dataSha256: sha256Hex(canonicalJson(data)),
      pdfSha256: sha256Hex(pdf),
      docxSha256: sha256Hex(docx),
    };
    return {
      facts,
      row: {
        ...facts,
        issuedAt,
        title: model.title.replace(/\n/g, ' '),
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        regionPath: subject.regionPath,
        data,
        signature: signer.sign(signedPayload(facts)),
        keyId: signer.keyId,
        issuer,
        issuedBy: actor.userId,
      },
      files: [
        { format: 'pdf', bytes: pdf },
        { format: 'docx', bytes: docx },
      ],
    };
  }

  /** Writes a prepared document and its audit row (joins the caller's transaction, or opens one). */
  async function store(actor: Actor, p: PreparedDocument) {
    const run = async () => {
      const row = await repo.insertDocument(p.row, p.files);
      await audit.record({
        action: 'document.issue',
        objectType: 'document',
        objectId: row.id,
        diff: {
          docNo: p.facts.docNo,
          template: p.facts.template,
          subject: `${p.row.subjectType}:${p.row.subjectId}`,
          pdfSha256: p.facts.pdfSha256,
        },
      });
      return row;
    };
    return inTransaction() ? run() : transaction(db, actor, run);
  }

  /** prepare + store, for callers with nothing else to write (the documents route). */
  async function issue(actor: Actor, input: DocumentInput, permissions: ReadonlySet<Permission>) {
    return store(actor, await prepare(actor, input, permissions));
  }

  async function preview(template: string, input: unknown): Promise<Buffer> {
    const t = template in DOCUMENT_TEMPLATES ? DOCUMENT_TEMPLATES[template as TemplateKey] : null;
    if (!t) throw new AppError('DOCUMENT_TEMPLATE_UNKNOWN', { template });
    const data = t.schema.parse(input) as Record<string, unknown>;
    const model = (t.build as (d: unknown, n: string) => DocModel)(data, '（样稿）');
    return (await render(model, 'PREVIEW', '样稿 仅供核对 PREVIEW', new Date())).pdf;
  }

  const signing = createSigning({
    db,
    audit,
    attachments: deps.attachments,
    parse: (key, input) => {
      const t = template(key);
      const data = t.schema.parse(input) as Record<string, unknown>;
      return { data, build: (docNo) => (t.build as (d: unknown, n: string) => DocModel)(data, docNo) };
    },
    subjectFor,
    prepare,
    store,
  });

  function signatureValid(d: repo.DocumentRow): boolean {
    return signer.verify(
      signedPayload({
        docNo: d.docNo,
        verifyCode: d.verifyCode,
        template: d.template,
        issuedAt: d.issuedAt.toISOString(),
        dataSha256: d.dataSha256,
        pdfSha256: d.pdfSha256,
        docxSha256: d.docxSha256,
      }),
      d.signature,
    );
  }

  function publicFacts(d: repo.DocumentRow) {
    return {
      docNo: d.docNo,
      verifyCode: d.verifyCode,
      title: d.title,
      template: d.template,
      issuer: d.issuer,
      issuedAt: d.issuedAt.toISOString(),
      status: d.status,
      revokedReason: d.revokedReason,
      revokedAt: d.revokedAt?.toISOString() ?? null,
      pdfSha256: d.pdfSha256,
      docxSha256: d.docxSha256,
      keyId: d.keyId,
      /** The record itself is intact: its facts still match the server's signature. */
      signatureValid: signatureValid(d),
    };
  }

  async function byCode(code: string) {
    const d = await transaction(db, SYSTEM_ACTOR, () => repo.documentByVerifyCode(code.trim().toUpperCase()));
    if (!d) throw notFound(THING);
    return d;
  }

  return {
    templates: () => Object.values(DOCUMENT_TEMPLATES).map((t) => ({ key: t.key, title: t.title })),
    registerSubject: (type: string, s: DocumentSubject) => subjects.set(type, s),
    subject: (type: string) => subjects.get(type),
    prepare,
    store,
    issue,
    signing,
    preview,
    list: async (
      actor: Actor,
      subjectType: string,
      subjectId: number,
      permissions: ReadonlySet<Permission>,
    ) =>
      transaction(db, actor, async () => {
        await subjectFor(actor, subjectType, subjectId, 'read', permissions);
        return repo.documentsOf(subjectType, subjectId);
      }),
    get: (actor: Actor, id: number, permissions: ReadonlySet<Permission>) =>
      transaction(db, actor, async () => {
        const d = await repo.documentById(id);
        if (!d) throw notFound(THING);
        const s = subjects.get(d.subjectType);
        if (!s || !permissions.has(s.readPermission)) throw new AppError('FORBIDDEN');
        return d;
      }),
    /** The stored file; each download is audited (documents carry personal data). */
    file: (actor: Actor, id: number, format: 'pdf' | 'docx', permissions: ReadonlySet<Permission>) =>
      transaction(db, actor, async () => {
        const d = await repo.documentById(id);
        if (!d) throw notFound(THING);
        const s = subjects.get(d.subjectType);
        if (!s || !permissions.has(s.readPermission)) throw new AppError('FORBIDDEN');
        const bytes = await repo.fileOf(id, format);
        if (!bytes) throw notFound(THING);
        await audit.record({
          action: 'document.download',
          objectType: 'document',
          objectId: id,
          diff: { format, docNo: d.docNo },
        });
        return { doc: d, bytes };
      }),
    revoke: (actor: Actor, id: number, reason: string, permissions: ReadonlySet<Permission>) =>
      transaction(db, actor, async () => {
        const d = await repo.documentById(id);
        if (!d) throw notFound(THING);
        const s = subjects.get(d.subjectType);
        if (!s || !permissions.has(s.issuePermission)) throw new AppError('FORBIDDEN');
        const after = await repo.revokeDocument(id, reason);
        if (!after) throw new AppError('DOCUMENT_ALREADY_REVOKED');
        await audit.record({
          action: 'document.revoke',
          objectType: 'document',
          objectId: id,
          diff: { reason },
        });
        return after;
      }),
    /** Public: what the QR code's page shows. */
    verify: async (code: string) => publicFacts(await byCode(code)),
    /** Public: is this file exactly the one issued under that code? */
    verifyCopy: async (code: string, bytes: Buffer) => {
      const d = await byCode(code);
      const hash = sha256Hex(bytes);
      const format = hash === d.pdfSha256 ? 'pdf' : hash === d.docxSha256 ? 'docx' : null;
      return { ...publicFacts(d), presentedSha256: hash, unaltered: format !== null, format };
    },
    publicKeyPem: () => signer.publicKeyPem(),
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
