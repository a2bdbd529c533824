import { DISPUTE_TYPES, MEDIATION_TYPES, RISK_FLAGS, SCREENING_CADENCE } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPermission } from '../../platform/http/auth-hooks';
import { idParam, paged, pageQuery, queryBool } from '../../platform/http/schemas';
import type { DisputeRow, SessionRow } from './disputes.repo';
import type { DisputesService } from './disputes.service';
import { SOURCES } from './disputes.shared';

const TYPE_CODES = DISPUTE_TYPES.map((t) => t.code) as [string, ...string[]];
const FLAG_KEYS = Object.keys(RISK_FLAGS) as [keyof typeof RISK_FLAGS, ...(keyof typeof RISK_FLAGS)[]];
const phone = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: 'phone' });
const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date();
/** 人民调解法 第29条's parts an agreement states, shared by the written agreement and the one written up from an oral one. */
const performance = z.strictObject({
  manner: z.string().trim().max(500),
  place: z.string().trim().max(200).optional(),
  deadline: z.union([isoDate, z.literal('')]),
});
const agreementParts = z.strictObject({
  facts: z.string().trim().max(4000).optional(),
  issues: z.string().trim().max(2000),
  responsibilities: z.string().trim().max(2000),
});
const signerParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  signerId: z.coerce.number().int().positive(),
});
/** A handwritten signature as the canvas sends it: a PNG data URL (≤ 512 KB of image). */
export const signatureBody = z.strictObject({
  image: z
    .string()
    .max(700_000)
    .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, { message: 'a PNG data URL' }),
});
export const pngOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

const party = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('person'),
    role: text(16),
    name: text(64),
    sex: z.enum(['男', '女']).optional(),
    idNumber: z.string().trim().max(32).optional(),
    phone: phone.optional(),
    address: z.string().trim().max(200).optional(),
  }),
  z.strictObject({
    kind: z.literal('organisation'),
    role: text(16),
    name: text(128),
    creditCode: z.string().trim().max(32).optional(),
    representative: text(64),
    phone: phone.optional(),
    address: z.string().trim().max(200).optional(),
  }),
]);

export const disputeBody = z.strictObject({
  title: text(100),
  type: z.enum(TYPE_CODES),
  source: z.enum(SOURCES).default('walkIn'),
  mediationType: z.enum(Object.keys(MEDIATION_TYPES) as [string, ...string[]]).optional(),
  facts: text(4000),
  claims: z.string().trim().max(2000).optional(),
  amount: z.number().nonnegative().max(1e11).optional(),
  location: z.string().trim().max(200).optional(),
  regionId: z.number().int().positive(),
  riskFlags: z.array(z.enum(FLAG_KEYS)).max(6).optional(),
  parties: z.array(party).min(2).max(20),
  orgId: z.number().int().positive().optional(),
  mediationDays: z.number().int().min(1).max(180).optional(),
});

export function presentDispute(d: DisputeRow, partyNames?: string[]) {
  return {
    id: d.id,
    refNo: d.refNo,
    title: d.title,
    type: d.type,
    source: d.source,
    mediationType: d.mediationType,
    state: d.state,
    version: d.version,
    level: d.level,
    orgId: d.orgId,
    facts: d.facts,
    claims: d.claims,
    amount: d.amount,
    location: d.location,
    regionId: d.regionId,
    regionPath: d.regionPath,
    riskFlags: d.riskFlags,
    riskLevel: d.riskLevel,
    eventId: d.eventId,
    screeningTaskId: d.screeningTaskId,
    agreementDocumentId: d.agreementDocumentId,
    agreementOn: d.agreementOn,
    agreementKind: d.agreementKind,
    guidance: d.guidance,
    transfers: d.transfers,
    assigneeUserId: d.assigneeUserId,
    reporterId: d.reporterId,
    dueAt: d.dueAt?.toISOString() ?? null,
    overdue: d.overdue,
    createdAt: d.createdAt.toISOString(),
    closedAt: d.closedAt?.toISOString() ?? null,
    ...(partyNames ? { partyNames } : {}),
  };
}

const presentSession = (s: SessionRow) => ({
  ...s,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
});

/** 矛盾纠纷 (issue #5). Transitions use the generic route `POST /api/v1/cases/dispute/:id/transitions`. */
export function disputesRoutes(deps: { disputes: DisputesService }) {
  const { disputes } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/disputes',
      {
        config: { permission: ['dispute:read', 'dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '纠纷台账 / Dispute registry',
          querystring: z.strictObject({
            ...pageQuery,
            q: z.string().trim().max(64).optional(),
            state: z.string().max(200).optional(),
            type: z.enum(TYPE_CODES).optional(),
            level: z.enum(['village', 'town', 'district', 'specialised']).optional(),
            orgId: z.coerce.number().int().positive().optional(),
            riskLevel: z.enum(['low', 'medium', 'high', 'critical']).optional(),
            source: z.enum(SOURCES).optional(),
            mine: queryBool.optional(),
            open: queryBool.optional(),
            overdue: queryBool.optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
          }),
        },
      },
      async (req) => {
        const q = req.query;
        const page = await disputes.list(
          req.actor,
          {
            q: q.q,
            state: q.state ? q.state.split(',') : undefined,
            type: q.type,
            level: q.level,
            orgId: q.orgId,
            riskLevel: q.riskLevel,
            source: q.source,
            open: q.open,
            overdue: q.overdue,
            assigneeUserId: q.mine ? (req.actor.userId ?? -1) : undefined,
            from: q.from ? new Date(`${q.from}T00:00:00+08:00`) : undefined,
            to: q.to ? new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000) : undefined,
          },
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        return paged(
          page.rows.map((d) => presentDispute(d, page.partyNames.get(d.id) ?? [])),
          page.total,
          q.page,
          q.pageSize,
        );
      },
    );

    r.post(
      '/api/v1/disputes',
      {
        config: { permission: 'dispute:report' },
        schema: { tags: ['disputes'], summary: '登记纠纷 / Register a dispute', body: disputeBody },
      },
      async (req, reply) => {
        // A resident applies online for themself: the first party is their own account.
        const resident = !hasPermission(req, 'dispute:read');
        const body = resident
          ? {
              ...req.body,
              source: 'online' as const,
              orgId: undefined,
              parties: req.body.parties.map((p, i) =>
                i === 0 && p.kind === 'person' ? { ...p, userId: req.actor.userId ?? undefined } : p,
              ),
            }
          : req.body;
        const d = await disputes.register(req.actor, body);
        reply.code(201);
        return presentDispute(d);
      },
    );

    r.post(
      '/api/v1/disputes/from-event/:eventId',
      {
        config: { permission: 'dispute:manage' },
        schema: {
          tags: ['disputes'],
          summary: '矛盾纠纷线索事件转为纠纷 / Turn a dispute-lead event into a dispute',
          params: z.strictObject({ eventId: z.coerce.number().int().positive() }),
          body: disputeBody
            .omit({ regionId: true, source: true, title: true, facts: true })
            .extend({ title: text(100).optional(), facts: text(4000).optional() }),
        },
      },
      async (req, reply) => {
        const d = await disputes.fromEvent(req.actor, req.params.eventId, req.body);
        reply.code(201);
        return presentDispute(d);
      },
    );

    r.get(
      '/api/v1/disputes/stats',
      {
        config: { permission: ['dispute:read', 'cockpit:view'] },
        schema: {
          tags: ['disputes'],
          summary: '纠纷统计（排查、化解率、调解成功率、矛盾不上交、司法确认） / Dispute statistics',
          querystring: z.strictObject({
            regionPath: z
              .string()
              .regex(/^\d+(\.\d+)*$/)
              .optional(),
            from: isoDate,
            to: isoDate,
            groupBy: z.enum(['region', 'type', 'level', 'day']).default('region'),
          }),
        },
      },
      async (req) => disputes.stats(req.actor, req.query),
    );

    r.get(
      '/api/v1/disputes/:id',
      {
        config: { permission: ['dispute:read', 'dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '纠纷详情 / Dispute',
          params: idParam,
          querystring: z.strictObject({ unmask: queryBool.optional() }),
        },
      },
      async (req) => {
        const v = await disputes.detail(req.actor, req.params.id, { unmask: req.query.unmask === true });
        const { record: _r, ...engine } = v.engine;
        return {
          ...presentDispute(v.dispute),
          ...engine,
          org: v.org,
          assigneeName: v.assigneeName,
          reporterName: v.reporterName,
          parties: v.parties,
          sessions: v.sessions.map(presentSession),
          followUps: v.followUps,
          confirmations: v.confirmations,
        };
      },
    );

    r.get(
      '/api/v1/disputes/:id/candidates',
      {
        config: { permission: 'dispute:manage' },
        schema: {
          tags: ['disputes'],
          summary: '推荐调解员 / Mediators ranked for a dispute',
          params: idParam,
        },
      },
      async (req) => ({ items: await disputes.candidates(req.actor, req.params.id) }),
    );

    r.get(
      '/api/v1/disputes/:id/filing-draft',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage', 'dispute:report'] },
        schema: { tags: ['disputes'], summary: '起诉状草稿 / Filing draft', params: idParam },
      },
      async (req) => disputes.filingDraft(req.actor, req.params.id),
    );

    r.post(
      '/api/v1/disputes/:id/sessions',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'] },
        schema: {
          tags: ['disputes'],
          summary: '安排调解 / Plan a session (SMS to the parties)',
          params: idParam,
          body: z.strictObject({
            startsAt: z.iso.datetime({ offset: true }),
            place: text(200),
            online: z.boolean().default(false),
            participants: z
              .array(z.strictObject({ role: text(16), name: text(64) }))
              .min(1)
              .max(30),
            notify: z.boolean().default(true),
          }),
        },
      },
      async (req, reply) => {
        const s = await disputes.planSession(req.actor, req.params.id, {
          ...req.body,
          startsAt: new Date(req.body.startsAt),
        });
        reply.code(201);
        return presentSession(s);
      },
    );

    r.post(
      '/api/v1/disputes/sessions/:id/record',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'], rendersOutsideTransaction: true },
        schema: {
          tags: ['disputes'],
          summary: '调解笔录 / Record a session',
          params: idParam,
          body: z.strictObject({
            endsAt: z.iso.datetime({ offset: true }),
            entries: z
              .array(z.strictObject({ speaker: text(64), text: text(4000) }))
              .min(1)
              .max(500),
            outcome: text(2000),
            issueRecord: z.boolean().default(true),
          }),
        },
      },
      async (req) =>
        presentSession(
          await disputes.holdSession(req.actor, req.params.id, {
            ...req.body,
            endsAt: new Date(req.body.endsAt),
          }),
        ),
    );

    r.post(
      '/api/v1/disputes/:id/notice',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'], rendersOutsideTransaction: true },
        schema: {
          tags: ['disputes'],
          summary: '诉前调解告知（文书 + 短信） / Pre-litigation notice',
          params: idParam,
          body: z.strictObject({}).optional(),
        },
      },
      async (req, reply) => {
        const doc = await disputes.sendNotice(req.actor, req.params.id);
        reply.code(201);
        return { id: doc.id, docNo: doc.docNo, verifyCode: doc.verifyCode };
      },
    );

    r.post(
      '/api/v1/disputes/:id/agreement',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'] },
        schema: {
          tags: ['disputes'],
          summary: '调解协议书定稿（待各方签名） / Draft the agreement for signing',
          params: idParam,
          body: agreementParts.extend({
            agreedItems: z.array(z.string().trim().max(1000)).max(30),
            performance,
            agreedOn: isoDate.optional(),
          }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return disputes.draftAgreement(req.actor, req.params.id, req.body);
      },
    );

    r.get(
      '/api/v1/disputes/:id/signing',
      {
        config: { permission: ['dispute:read', 'dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '签署进度（调解协议书、司法确认申请书） / Signing state',
          params: idParam,
        },
      },
      async (req) => disputes.signingState(req.actor, req.params.id),
    );

    r.post(
      '/api/v1/disputes/:id/signing/:signerId/sign',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'], rendersOutsideTransaction: true },
        schema: {
          tags: ['disputes'],
          summary: '在调解员平板上手写签名 / Sign by hand on the mediator’s tablet',
          params: signerParams,
          body: signatureBody,
        },
      },
      async (req) =>
        disputes.signOnTablet(req.actor, req.params.id, req.params.signerId, pngOf(req.body.image), {
          ip: req.ip,
          userAgent: req.headers['user-agent'],
        }),
    );

    r.post(
      '/api/v1/disputes/:id/signing/:signerId/link',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'] },
        schema: {
          tags: ['disputes'],
          summary: '短信发送一次性签名链接 / Text a party a one-time signing link',
          params: signerParams,
          body: z.strictObject({}).optional(),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return disputes.sendSignLink(req.actor, req.params.id, req.params.signerId);
      },
    );

    r.post(
      '/api/v1/disputes/:id/agreement/seal',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'], rendersOutsideTransaction: true },
        schema: {
          tags: ['disputes'],
          summary: '加盖调委会印章，出具调解协议书并结案 / Seal and issue the signed agreement (settles)',
          params: idParam,
          body: z.strictObject({}).optional(),
        },
      },
      async (req, reply) => {
        const doc = await disputes.sealAgreement(req.actor, req.params.id);
        reply.code(201);
        return { id: doc.id, docNo: doc.docNo, verifyCode: doc.verifyCode };
      },
    );

    r.post(
      '/api/v1/disputes/:id/oral-agreement',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'], rendersOutsideTransaction: true },
        schema: {
          tags: ['disputes'],
          summary: '口头协议结案（记入调解笔录） / Settle with an oral agreement recorded in the 笔录',
          params: idParam,
          body: z
            .strictObject({
              sessionId: z.number().int().positive().optional(),
              place: text(200).optional(),
              startsAt: z.iso.datetime({ offset: true }).optional(),
              endsAt: z.iso.datetime({ offset: true }),
              entries: z
                .array(z.strictObject({ speaker: text(64), text: text(4000) }))
                .min(1)
                .max(500),
              outcome: text(2000),
              agreedItems: z.array(z.string().trim().max(1000)).max(30),
              waivedBy: z.array(z.number().int().positive()).max(20),
              performedOnTheSpot: z.boolean(),
            })
            .refine((b) => b.sessionId !== undefined || (b.place && b.startsAt), {
              path: ['sessionId'],
              message: 'a session, or the place and time of the on-the-spot mediation',
            }),
        },
      },
      async (req, reply) => {
        const b = req.body;
        const doc = await disputes.oralAgreement(req.actor, req.params.id, {
          ...b,
          startsAt: b.startsAt ? new Date(b.startsAt) : undefined,
          endsAt: new Date(b.endsAt),
        });
        reply.code(201);
        return { id: doc.id, docNo: doc.docNo, verifyCode: doc.verifyCode };
      },
    );

    r.post(
      '/api/v1/disputes/:id/oral-agreement/written',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'] },
        schema: {
          tags: ['disputes'],
          summary:
            '口头协议制作书面调解协议书（待各方签名） / Write up an oral agreement as a 调解协议书 for signing',
          params: idParam,
          body: agreementParts.extend({ performance: performance.optional() }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return disputes.draftWrittenFromOral(req.actor, req.params.id, req.body);
      },
    );

    r.post(
      '/api/v1/disputes/:id/follow-ups',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage'] },
        schema: {
          tags: ['disputes'],
          summary: '履行回访 / Follow-up visit',
          params: idParam,
          body: z.strictObject({
            visitedOn: isoDate,
            performance: z.enum(['performed', 'partly', 'notPerformed']),
            note: text(2000),
            close: z.boolean().default(false),
          }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return disputes.followUp(req.actor, req.params.id, req.body);
      },
    );

    r.post(
      '/api/v1/disputes/:id/confirmation',
      {
        config: { permission: ['dispute:mediate', 'dispute:manage', 'dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '拟定司法确认申请书（待申请人签名） / Draft the joint confirmation application',
          params: idParam,
          body: z.strictObject({
            court: text(64),
            appliedOn: isoDate.optional(),
            applicantPartyIds: z.array(z.number().int().positive()).min(2).max(20),
            request: z.string().trim().max(1000).optional(),
            factsAndReasons: z.string().trim().max(4000).optional(),
          }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return disputes.draftConfirmation(req.actor, req.params.id, req.body);
      },
    );

    r.post(
      '/api/v1/disputes/:id/confirmation/submit',
      {
        config: {
          permission: ['dispute:mediate', 'dispute:manage', 'dispute:report'],
          rendersOutsideTransaction: true,
        },
        schema: {
          tags: ['disputes'],
          summary: '提交已签名的司法确认申请 / Submit the signed application to the court',
          params: idParam,
          body: z.strictObject({}).optional(),
        },
      },
      async (req, reply) => {
        const c = await disputes.submitConfirmation(req.actor, req.params.id);
        reply.code(201);
        return c;
      },
    );

    r.get(
      '/api/v1/confirmations',
      {
        config: { permission: ['dispute:confirm', 'dispute:read'] },
        schema: {
          tags: ['disputes'],
          summary: '司法确认队列 / Judicial confirmation queue',
          querystring: z.strictObject({ ...pageQuery, state: z.string().max(100).optional() }),
        },
      },
      async (req) => {
        const q = req.query;
        const page = await disputes.confirmationQueue(
          req.actor,
          q.state ? q.state.split(',') : undefined,
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        return paged(
          page.rows.map((c) => {
            const d = page.disputes.get(c.disputeId);
            return { ...c, dispute: d ? { id: d.id, refNo: d.refNo, title: d.title, type: d.type } : null };
          }),
          page.total,
          q.page,
          q.pageSize,
        );
      },
    );

    r.get(
      '/api/v1/confirmations/:id',
      {
        config: { permission: ['dispute:confirm', 'dispute:read'] },
        schema: { tags: ['disputes'], summary: '司法确认申请 / Confirmation application', params: idParam },
      },
      async (req) => disputes.confirmation(req.actor, req.params.id),
    );

    r.post(
      '/api/v1/confirmations/:id/ruling',
      {
        config: { permission: 'dispute:confirm', rendersOutsideTransaction: true },
        schema: {
          tags: ['disputes'],
          summary: '出具裁定书 / Rule on an application',
          params: idParam,
          body: z.strictObject({
            decision: z.enum(['confirm', 'reject']),
            findings: text(4000),
            rejectReason: z.string().trim().max(2000).optional(),
            clerk: text(32),
            caseNo: z.string().trim().max(64).optional(),
          }),
        },
      },
      async (req) => disputes.rule(req.actor, req.params.id, req.body),
    );

    r.get(
      '/api/v1/mediation/orgs',
      {
        config: { permission: ['region:read', 'dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '调解组织 / Mediation organisations',
          querystring: z.strictObject({
            level: z.enum(['village', 'town', 'district', 'specialised']).optional(),
            regionId: z.coerce.number().int().positive().optional(),
          }),
        },
      },
      async (req) => ({ items: await disputes.orgsCovering(req.actor, req.query) }),
    );

    r.get(
      '/api/v1/mediation/mediators',
      {
        config: { permission: ['dispute:read'] },
        schema: {
          tags: ['disputes'],
          summary: '调解员 / Mediators',
          querystring: z.strictObject({ orgId: z.coerce.number().int().positive().optional() }),
        },
      },
      async (req) => ({ items: await disputes.mediators(req.actor, req.query) }),
    );

    r.get(
      '/api/v1/disputes/screening/schedules',
      {
        config: { permission: ['dispute:read', 'mediation:admin'] },
        schema: { tags: ['disputes'], summary: '排查计划 / Screening schedules' },
      },
      async (req) => ({ items: await disputes.network.schedules(req.actor) }),
    );

    r.post(
      '/api/v1/disputes/screening/schedules',
      {
        config: { permission: 'mediation:admin' },
        schema: {
          tags: ['disputes'],
          summary: '新建排查计划 / Create a screening schedule',
          body: z.strictObject({
            regionId: z.number().int().positive(),
            level: z.enum(Object.keys(SCREENING_CADENCE) as [keyof typeof SCREENING_CADENCE]),
            everyDays: z.number().int().min(1).max(92).optional(),
            startOn: isoDate,
            responsibleUserId: z.number().int().positive().optional(),
          }),
        },
      },
      async (req, reply) => {
        const s = await disputes.createSchedule(req.actor, req.body);
        await disputes.generateTasks();
        reply.code(201);
        return s;
      },
    );

    r.get(
      '/api/v1/disputes/screening/tasks',
      {
        config: { permission: ['dispute:report', 'dispute:read'] },
        schema: {
          tags: ['disputes'],
          summary: '排查任务 / Screening tasks',
          querystring: z.strictObject({
            ...pageQuery,
            open: queryBool.optional(),
            overdue: queryBool.optional(),
            mine: queryBool.optional(),
            from: isoDate.optional(),
            to: isoDate.optional(),
          }),
        },
      },
      async (req) => {
        const q = req.query;
        const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        const page = await disputes.tasks(
          req.actor,
          {
            open: q.open,
            overdueOn: q.overdue ? today : undefined,
            responsibleUserId: q.mine ? (req.actor.userId ?? -1) : undefined,
            from: q.from,
            to: q.to,
          },
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        return paged(page.rows, page.total, q.page, q.pageSize);
      },
    );

    r.post(
      '/api/v1/disputes/screening/tasks/:id/complete',
      {
        config: { permission: ['dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '完成排查（报告发现的纠纷或零报告） / Complete a screening',
          params: idParam,
          body: z.strictObject({ zeroReport: z.boolean(), note: z.string().trim().max(1000).optional() }),
        },
      },
      async (req) => disputes.completeTask(req.actor, req.params.id, req.body),
    );

    r.post(
      '/api/v1/disputes/screening/tasks/:id/disputes',
      {
        config: { permission: ['dispute:report'] },
        schema: {
          tags: ['disputes'],
          summary: '报告排查发现的纠纷 / Report a dispute found while screening',
          params: idParam,
          body: disputeBody,
        },
      },
      async (req, reply) => {
        const d = await disputes.reportFound(req.actor, req.params.id, req.body);
        reply.code(201);
        return presentDispute(d);
      },
    );
  };
}
