import { open311Status, open311StatusNotes, statesForOpen311 } from '@fengqiao/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { EventRow } from './events.repo';
import { type EventsService, eventRef } from './events.service';
import type { EventOpsService } from './events-ops.service';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2, JSON or XML by suffix.
 * Only the public city-management and hotline categories are offered: 综治 clues (disputes, special
 * groups, security risks) never leave the platform through a public API. No reporter data is published.
 */
const PUBLIC_GROUPS = ['cityManagement', 'hotline'];
const MAX_REQUESTS = 1000;
const DEFAULT_WINDOW_DAYS = 90;

type Format = 'json' | 'xml';

function xmlEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** XML in the spec's shape: a root list element, one child per item, plain fields inside. */
export function toXml(root: string, item: string, rows: Record<string, unknown>[]): string {
  const field = (k: string, v: unknown): string => {
    if (v === null || v === undefined) return `<${k}/>`;
    if (Array.isArray(v))
      return `<${k}>${v.map((x) => (typeof x === 'object' ? field(k.replace(/s$/, ''), x) : `<${k.replace(/s$/, '')}>${xmlEscape(String(x))}</${k.replace(/s$/, '')}>`)).join('')}</${k}>`;
    if (typeof v === 'object')
      return `<${k}>${Object.entries(v as Record<string, unknown>)
        .map(([a, b]) => field(a, b))
        .join('')}</${k}>`;
    return `<${k}>${xmlEscape(String(v))}</${k}>`;
  };
  const body = rows
    .map(
      (r) =>
        `<${item}>${Object.entries(r)
          .map(([k, v]) => field(k, v))
          .join('')}</${item}>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`;
}

function send(
  reply: FastifyReply,
  format: Format,
  root: string,
  item: string,
  rows: Record<string, unknown>[],
) {
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, item, rows));
  return reply.type('application/json; charset=utf-8').send(rows);
}

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

const formatOf = (f: string): Format => {
  if (f !== 'json' && f !== 'xml') throw new Open311Error(404, `format ${f} not supported (json, xml)`);
  return f;
};

export function open311Routes(deps: { events: EventsService; eventOps: EventOpsService; publicUrl: string }) {
  const { events, eventOps } = deps;
  return async (app: FastifyInstance) => {
    // Form-encoded POST bodies (the spec's request format), in this plugin only.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    // The spec's error format: a list of { code, description }, in the asked format.
    app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req: FastifyRequest, reply) => {
      const format = String(req.url).split('?')[0]!.endsWith('.xml') ? 'xml' : 'json';
      let status = 500;
      let description = 'internal error';
      if (err instanceof Open311Error) ({ status, description } = err);
      else if (err instanceof AppError) {
        status = err.status;
        description = err.message;
      } else if (err instanceof z.ZodError) {
        status = 400;
        description = err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      } else if (err.statusCode && err.statusCode < 500) {
        status = err.statusCode;
        description = err.message;
      } else req.log.error(err);
      reply.code(status);
      return send(reply, format, 'errors', 'error', [{ code: status, description }]);
    });

    const publicCategories = async () =>
      (await events.categories()).filter((c) => c.active && PUBLIC_GROUPS.includes(c.group));
    const labels = () => events.labels();

    const presentRequest = async (r: EventRow) => {
      const l = await labels();
      return {
        service_request_id: eventRef(r.id, r.createdAt),
        status: open311Status(r.state),
        status_notes: open311StatusNotes(r.state),
        service_name: l.categories.get(r.categoryCode)?.name ?? r.categoryCode,
        service_code: r.categoryCode,
        description: r.description,
        agency_responsible: r.assigneeDepartmentId ? (l.departments.get(r.assigneeDepartmentId) ?? '') : '',
        service_notice: '',
        requested_datetime: r.createdAt.toISOString(),
        updated_datetime: r.updatedAt.toISOString(),
        expected_datetime: r.finishedAt ? null : (r.dueAt?.toISOString() ?? null),
        address: r.address,
        address_id: '',
        zipcode: '',
        lat: r.lat,
        long: r.lng,
        media_url: '',
      };
    };

    app.get('/open311/v2/discovery.:format', async (req, reply) => {
      const format = formatOf((req.params as { format: string }).format);
      const doc = {
        changeset: '2026-11-23T00:00:00Z',
        contact: '区社会治理综合指挥中心',
        key_service: '向区综治中心申请 API 密钥',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${deps.publicUrl.replace(/\/$/, '')}/open311/v2`,
            changeset: '2026-11-23T00:00:00Z',
            type: 'production',
            formats: ['application/json', 'text/xml'],
          },
        ],
      };
      if (format === 'xml') {
        const e = doc.endpoints[0]!;
        return reply
          .type('text/xml; charset=utf-8')
          .send(
            `<?xml version="1.0" encoding="utf-8"?><discovery><changeset>${doc.changeset}</changeset><contact>${xmlEscape(doc.contact)}</contact><key_service>${xmlEscape(doc.key_service)}</key_service><endpoints><endpoint><specification>${e.specification}</specification><url>${xmlEscape(e.url)}</url><changeset>${e.changeset}</changeset><type>${e.type}</type><formats>${e.formats.map((f) => `<format>${f}</format>`).join('')}</formats></endpoint></endpoints></discovery>`,
          );
      }
      return reply.send(doc);
    });

    app.get('/open311/v2/services.:format', async (req, reply) => {
      const format = formatOf((req.params as { format: string }).format);
      const rows = (await publicCategories()).map((c) => ({
        service_code: c.code,
        service_name: c.name,
        description: `${c.acceptCondition}（处置时限 ${c.limitValue}${unitZh(c.limitUnit)}）`,
        metadata: false,
        type: 'realtime',
        keywords: c.nameEn,
        group: c.parent ?? c.code,
      }));
      return send(reply, format, 'services', 'service', rows);
    });

    app.get('/open311/v2/services/:code.:format', async (req, reply) => {
      const p = req.params as { code: string; format: string };
      const format = formatOf(p.format);
      const c = (await publicCategories()).find((x) => x.code === p.code);
      if (!c) throw new Open311Error(404, `service_code ${p.code} not found`);
      // No extra attributes: every service takes the standard fields only.
      const doc = { service_code: c.code, attributes: [] };
      if (format === 'xml')
        return reply
          .type('text/xml; charset=utf-8')
          .send(
            `<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>${xmlEscape(c.code)}</service_code><attributes/></service_definition>`,
          );
      return reply.send(doc);
    });

    const postBody = z.object({
      api_key: z.string().optional(),
      service_code: z.string().min(1).max(10),
      lat: z.coerce.number().min(-90).max(90).optional(),
      long: z.coerce.number().min(-180).max(180).optional(),
      address_string: z.string().max(200).optional(),
      description: z.string().trim().min(2).max(4000),
      first_name: z.string().max(50).optional(),
      last_name: z.string().max(50).optional(),
      phone: z
        .string()
        .regex(/^1[3-9]\d{9}$/)
        .optional(),
      email: z.string().max(200).optional(),
      device_id: z.string().max(100).optional(),
      account_id: z.string().max(100).optional(),
      media_url: z.string().max(500).optional(),
    });

    app.post('/open311/v2/requests.:format', async (req, reply) => {
      const format = formatOf((req.params as { format: string }).format);
      const b = postBody.parse(req.body ?? {});
      await eventOps.checkApiKey(b.api_key, ['open311']);
      if (!(await publicCategories()).some((c) => c.code === b.service_code))
        throw new Open311Error(404, `service_code ${b.service_code} not found`);
      if (b.lat === undefined || b.long === undefined)
        throw new Open311Error(400, 'lat and long are required');
      const name = [b.last_name, b.first_name].filter(Boolean).join('') || undefined;
      const res = await events.reportPublic(
        {
          categoryCode: b.service_code,
          description: b.description,
          address: b.address_string,
          lng: b.long,
          lat: b.lat,
          reporterName: name,
          reporterPhone: b.phone,
        },
        'open311',
      );
      reply.code(201);
      return send(reply, format, 'service_requests', 'request', [
        {
          service_request_id: eventRef(res.event.id, res.event.createdAt),
          token: res.event.trackingCode,
          service_notice: '已受理登记，请凭查询码关注办理进度',
          account_id: b.account_id ?? null,
        },
      ]);
    });

    const listQuery = z.object({
      service_request_id: z.string().max(2000).optional(),
      service_code: z.string().max(200).optional(),
      start_date: z.iso.datetime({ offset: true }).optional(),
      end_date: z.iso.datetime({ offset: true }).optional(),
      status: z.string().optional(),
      jurisdiction_id: z.string().optional(),
    });

    app.get('/open311/v2/requests.:format', async (req, reply) => {
      const format = formatOf((req.params as { format: string }).format);
      const q = listQuery.parse(req.query ?? {});
      const codes = (await publicCategories()).map((c) => c.code);
      const wanted = q.service_code ? q.service_code.split(',').filter((c) => codes.includes(c)) : codes;
      const statuses = q.status ? q.status.split(',') : ['open', 'closed'];
      if (statuses.some((s) => s !== 'open' && s !== 'closed'))
        throw new Open311Error(400, 'status is open or closed');
      const end = q.end_date ? new Date(q.end_date) : new Date();
      const start = q.start_date ? new Date(q.start_date) : new Date(+end - DEFAULT_WINDOW_DAYS * 86_400_000);
      const ids = q.service_request_id
        ?.split(',')
        .map((s) => refToId(s.trim()))
        .filter((x): x is number => x !== null);
      const rows = await events.publicList({
        ids,
        categoryCodes: wanted,
        states: statuses.flatMap((s) => statesForOpen311(s as 'open' | 'closed')),
        from: ids ? undefined : start,
        to: ids ? undefined : end,
        limit: MAX_REQUESTS,
      });
      return send(reply, format, 'service_requests', 'request', await Promise.all(rows.map(presentRequest)));
    });

    app.get('/open311/v2/requests/:id.:format', async (req, reply) => {
      const p = req.params as { id: string; format: string };
      const format = formatOf(p.format);
      const id = refToId(p.id);
      const codes = (await publicCategories()).map((c) => c.code);
      const rows = id === null ? [] : await events.publicList({ ids: [id], categoryCodes: codes, limit: 1 });
      if (!rows.length) throw new Open311Error(404, `service_request_id ${p.id} not found`);
      return send(reply, format, 'service_requests', 'request', [await presentRequest(rows[0]!)]);
    });

    app.get('/open311/v2/tokens/:token.:format', async (req, reply) => {
      const p = req.params as { token: string; format: string };
      const format = formatOf(p.format);
      const row = /^[A-Za-z2-9]{10}$/.test(p.token) ? await events.byTrackingCode(p.token) : undefined;
      if (!row) throw new Open311Error(404, `token ${p.token} not found`);
      return send(reply, format, 'service_requests', 'request', [
        { service_request_id: eventRef(row.id, row.createdAt), token: p.token },
      ]);
    });
  };
}

/** `SJ20261123000042` (or a bare number) → 42. */
export function refToId(ref: string): number | null {
  const m = /^SJ\d{8}(\d{6,12})$/.exec(ref) ?? /^(\d{1,12})$/.exec(ref);
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 ? n : null;
}

function unitZh(u: string): string {
  return (
    { workingHours: '个工作时', workingDays: '个工作日', calendarHours: '小时', calendarDays: '天' }[u] ?? u
  );
}
