import { ADDRESS_KINDS, HOUSE_USES, ORG_TYPES, RESIDENCE_TYPES, SPECIAL_GROUPS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, paged, pageQuery, versionField } from '../../platform/http/schemas';
import type { AttachmentsService } from '../attachments/attachments.service';
import { presentAttachment } from '../attachments/attachments.service';
import {
  ageOn,
  presentAddress,
  presentHouse,
  presentOrg,
  presentPerson,
  presentPersonDispute,
  presentPersonEvent,
  presentTag,
  presentVisit,
} from './registry.present';
import { type RegistryService, todayInChina } from './registry.service';

const ltreePath = z
  .string()
  .regex(/^\d+(\.\d+)*$/)
  .max(200);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = (max: number) => z.string().trim().min(1).max(max);
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

const personBody = z.strictObject({
  name: text(50),
  idNumber: z.string().trim().min(15).max(20),
  phone: z.string().trim().max(20).nullish(),
  residenceType: z.enum(RESIDENCE_TYPES),
  addressId: z.number().int().positive(),
  workplace: z.string().trim().max(100).nullish(),
  orgId: z.number().int().positive().nullish(),
});

const T = ['registry'];

export function registryRoutes(deps: { registry: RegistryService; attachments: AttachmentsService }) {
  const { registry, attachments } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ---------- standard addresses ----------

    r.get(
      '/api/v1/registry/addresses/match',
      {
        config: { permission: 'registry:read' },
        schema: {
          tags: T,
          summary: '地址匹配：自由文本 → 标准地址候选 / Match free text to standard addresses',
          querystring: z.strictObject({
            q: text(200),
            limit: z.coerce.number().int().min(1).max(20).default(5),
          }),
        },
      },
      async (req) => ({
        items: (await registry.matchAddress(req.actor, req.query.q, req.query.limit)).map((m) => ({
          ...presentAddress(m.address),
          score: m.score,
          similarity: m.similarity,
        })),
      }),
    );

    r.get(
      '/api/v1/registry/addresses',
      {
        config: { permission: 'registry:read' },
        schema: {
          tags: T,
          summary: '标准地址树的一层 / One level of the standard address tree',
          querystring: z.strictObject({
            parentId: z.coerce.number().int().positive().optional(),
            gridPath: ltreePath.optional(),
          }),
        },
      },
      async (req) => ({
        items: (
          await registry.addressChildren(req.actor, req.query.parentId ?? null, req.query.gridPath ?? null)
        ).map(presentAddress),
      }),
    );

    r.get(
      '/api/v1/registry/addresses/:id',
      { config: { permission: 'registry:read' }, schema: { tags: T, params: idParam } },
      async (req) => presentAddress(await registry.getAddress(req.actor, req.params.id)),
    );

    r.post(
      '/api/v1/registry/addresses',
      {
        config: { permission: 'registry:write' },
        schema: {
          tags: T,
          summary: '新建标准地址 / Create a standard address',
          body: z.strictObject({
            parentId: z.number().int().positive().nullish(),
            regionId: z.number().int().positive().nullish(),
            gridId: z.number().int().positive().nullish(),
            kind: z.enum(ADDRESS_KINDS),
            name: text(60),
            lng: lng.nullish(),
            lat: lat.nullish(),
          }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return presentAddress(await registry.createAddress(req.actor, req.body));
      },
    );

    // ---------- people ----------

    r.get(
      '/api/v1/registry/people',
      {
        config: { permission: 'registry:read' },
        schema: {
          tags: T,
          summary: '实有人口查询（姓名模糊、身份证号、电话）/ Search people',
          querystring: z.strictObject({
            q: z.string().trim().max(50).optional(),
            regionPath: ltreePath.optional(),
            residenceType: z.enum(RESIDENCE_TYPES).optional(),
            ...pageQuery,
          }),
        },
      },
      async (req) => {
        const { page, pageSize, ...f } = req.query;
        const res = await registry.searchPeople(req.actor, f, page, pageSize);
        const today = todayInChina();
        // totalExact false: `total` is the counting cap, there are more (the page shows "10,000+").
        return {
          ...paged(
            res.items.map((x) => presentPerson(x.person, x.address, today)),
            res.total,
            page,
            pageSize,
          ),
          totalExact: res.totalExact,
        };
      },
    );

    r.post(
      '/api/v1/registry/people',
      { config: { permission: 'registry:write' }, schema: { tags: T, body: personBody } },
      async (req, reply) => {
        const p = await registry.createPerson(req.actor, req.body);
        reply.code(201);
        return presentPerson(p, await registry.getAddress(req.actor, p.addressId), todayInChina());
      },
    );

    r.get(
      '/api/v1/registry/people/:id',
      { config: { permission: 'registry:read' }, schema: { tags: T, params: idParam } },
      async (req) => {
        const p = await registry.getPerson(req.actor, req.params.id);
        return presentPerson(
          p,
          await registry.getAddress(req.actor, p.addressId).catch(() => null),
          todayInChina(),
        );
      },
    );

    r.put(
      '/api/v1/registry/people/:id',
      {
        config: { permission: 'registry:write' },
        schema: { tags: T, params: idParam, body: personBody.extend({ version: versionField }) },
      },
      async (req) => {
        const { version, ...input } = req.body;
        const p = await registry.updatePerson(req.actor, req.params.id, version, input);
        return presentPerson(p, await registry.getAddress(req.actor, p.addressId), todayInChina());
      },
    );

    r.post(
      '/api/v1/registry/people/:id/unmask',
      {
        config: { permission: 'pii:unmask' },
        schema: {
          tags: T,
          summary: '查看完整身份证号/电话（须填事由，留痕）/ Unmask with a reason (audited)',
          params: idParam,
          body: z.strictObject({ field: z.enum(['idNumber', 'phone']), reason: text(200) }),
        },
      },
      async (req) => ({
        field: req.body.field,
        value: await registry.unmask(req.actor, req.params.id, req.body.field, req.body.reason),
      }),
    );

    r.get(
      '/api/v1/registry/people/:id/360',
      {
        config: { permission: 'registry:read' },
        schema: { tags: T, summary: '人员 360 视图 / Person 360', params: idParam },
      },
      async (req) => {
        const v = await registry.person360(req.actor, req.params.id);
        const today = todayInChina();
        const addr = new Map(v.houseAddrs.map((a) => [a.id, a]));
        return {
          person: presentPerson(v.person, v.address, today),
          address: v.address ? presentAddress(v.address) : null,
          houses: v.houses.map((h) => ({
            ...presentHouse(h, addr.get(h.addressId) ?? null),
            role: h.ownerId === v.person.id ? 'owner' : 'tenant',
          })),
          organisations: v.orgs.map((o) => presentOrg(o, addr.get(o.addressId) ?? null)),
          coResidents: v.coResidents.map((p) => ({
            id: p.id,
            name: p.name,
            sex: p.sex,
            age: ageOn(p.birthDate, today),
          })),
          // Special-population data only for roles that need it (PIPL 第28条 特定身份).
          tags: v.special ? v.tags.map(presentTag) : null,
          visits: v.special ? v.visits.map(presentVisit) : null,
          events: v.events.map(presentPersonEvent),
          disputes: v.disputes.map(presentPersonDispute),
        };
      },
    );

    // ---------- houses ----------

    r.get(
      '/api/v1/registry/houses',
      {
        config: { permission: 'registry:read' },
        schema: {
          tags: T,
          querystring: z.strictObject({
            regionPath: ltreePath.optional(),
            use: z.enum(HOUSE_USES).optional(),
            ...pageQuery,
          }),
        },
      },
      async (req) => {
        const { page, pageSize, ...f } = req.query;
        const res = await registry.listHouses(req.actor, f, page, pageSize);
        return paged(
          res.items.map((x) => presentHouse(x.house, x.address)),
          res.total,
          page,
          pageSize,
        );
      },
    );

    r.post(
      '/api/v1/registry/houses',
      {
        config: { permission: 'registry:write' },
        schema: {
          tags: T,
          body: z.strictObject({
            addressId: z.number().int().positive(),
            use: z.enum(HOUSE_USES),
            ownerId: z.number().int().positive().nullish(),
            areaM2: z.number().positive().max(100_000).nullish(),
            tenantIds: z.array(z.number().int().positive()).max(50).optional(),
          }),
        },
      },
      async (req, reply) => {
        const h = await registry.createHouse(req.actor, req.body);
        reply.code(201);
        return presentHouse(h, await registry.getAddress(req.actor, h.addressId));
      },
    );

    r.get(
      '/api/v1/registry/houses/:id',
      { config: { permission: 'registry:read' }, schema: { tags: T, params: idParam } },
      async (req) => {
        const v = await registry.getHouse(req.actor, req.params.id);
        const byId = new Map(v.people.map((p) => [p.id, p]));
        const today = todayInChina();
        return {
          ...presentHouse(v.house, v.address),
          owner:
            v.house.ownerId && byId.get(v.house.ownerId)
              ? presentPerson(byId.get(v.house.ownerId)!, null, today)
              : null,
          tenants: v.tenants
            .map((t) => byId.get(t.personId))
            .filter((p) => p !== undefined)
            .map((p) => presentPerson(p, null, today)),
        };
      },
    );

    r.post(
      '/api/v1/registry/houses/:id/tenants',
      {
        config: { permission: 'registry:write' },
        schema: {
          tags: T,
          params: idParam,
          body: z.strictObject({ personIds: z.array(z.number().int().positive()).min(1).max(50) }),
        },
      },
      async (req) => ({
        tenants: (await registry.addTenants(req.actor, req.params.id, req.body.personIds)).map(
          (t) => t.personId,
        ),
      }),
    );

    // ---------- organisations ----------

    r.get(
      '/api/v1/registry/organisations',
      {
        config: { permission: 'registry:read' },
        schema: {
          tags: T,
          querystring: z.strictObject({
            q: z.string().trim().max(50).optional(),
            regionPath: ltreePath.optional(),
            ...pageQuery,
          }),
        },
      },
      async (req) => {
        const { page, pageSize, ...f } = req.query;
        const res = await registry.listOrgs(req.actor, f, page, pageSize);
        return paged(
          res.items.map((x) => presentOrg(x.org, x.address)),
          res.total,
          page,
          pageSize,
        );
      },
    );

    r.post(
      '/api/v1/registry/organisations',
      {
        config: { permission: 'registry:write' },
        schema: {
          tags: T,
          body: z.strictObject({
            name: text(100),
            creditCode: z.string().trim().max(20).nullish(),
            type: z.enum(ORG_TYPES),
            legalRep: z.string().trim().max(50).nullish(),
            addressId: z.number().int().positive(),
          }),
        },
      },
      async (req, reply) => {
        const o = await registry.createOrg(req.actor, req.body);
        reply.code(201);
        return presentOrg(o, await registry.getAddress(req.actor, o.addressId));
      },
    );

    r.get(
      '/api/v1/registry/organisations/:id',
      { config: { permission: 'registry:read' }, schema: { tags: T, params: idParam } },
      async (req) => {
        const o = await registry.getOrg(req.actor, req.params.id);
        return presentOrg(o, await registry.getAddress(req.actor, o.addressId).catch(() => null));
      },
    );

    // ---------- special populations ----------

    r.post(
      '/api/v1/registry/people/:id/tags',
      {
        config: { permission: 'specialGroup:visit' },
        schema: {
          tags: T,
          summary: '标记特殊人群 / Tag a person as a special population',
          params: idParam,
          body: z.strictObject({
            tag: z.enum(SPECIAL_GROUPS),
            since: date,
            data: z
              .record(z.string().max(40), z.union([z.string().max(500), z.number(), z.boolean()]))
              .optional(),
            visitEveryDays: z.number().int().min(1).max(366).nullish(),
          }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return presentTag(await registry.addTag(req.actor, req.params.id, req.body));
      },
    );

    r.patch(
      '/api/v1/registry/tags/:id',
      {
        config: { permission: 'specialGroup:visit' },
        schema: {
          tags: T,
          params: idParam,
          body: z.strictObject({
            version: versionField,
            data: z
              .record(z.string().max(40), z.union([z.string().max(500), z.number(), z.boolean()]))
              .optional(),
            visitEveryDays: z.number().int().min(1).max(366).nullish(),
            endedOn: date.nullish(),
          }),
        },
      },
      async (req) => {
        const { version, ...patch } = req.body;
        return presentTag(await registry.updateTag(req.actor, req.params.id, version, patch));
      },
    );

    r.get(
      '/api/v1/registry/special',
      {
        config: { permission: 'specialGroup:read' },
        schema: {
          tags: T,
          summary: '特殊人群与走访到期 / Special populations with visits due',
          querystring: z.strictObject({
            tag: z.enum(SPECIAL_GROUPS).optional(),
            regionPath: ltreePath.optional(),
            status: z.enum(['overdue', 'due', 'ok']).optional(),
          }),
        },
      },
      async (req) => {
        const rows = await registry.visitsDue(req.actor, {
          tag: req.query.tag,
          regionPath: req.query.regionPath,
        });
        const today = todayInChina();
        const items = rows
          .filter((x) => !req.query.status || x.status === req.query.status)
          .map((x) => ({
            ...presentTag(x.tag),
            person: {
              id: x.person.id,
              name: x.person.name,
              sex: x.person.sex,
              age: ageOn(x.person.birthDate, today),
            },
            address: x.address
              ? {
                  id: x.address.id,
                  fullName: x.address.fullName,
                  point: x.address.lng != null ? [x.address.lng, x.address.lat] : null,
                }
              : null,
            everyDays: x.everyDays,
            dueOn: x.dueOn,
            status: x.status,
          }));
        return {
          items,
          counts: {
            overdue: rows.filter((x) => x.status === 'overdue').length,
            due: rows.filter((x) => x.status === 'due').length,
            total: rows.length,
          },
        };
      },
    );

    r.get(
      '/api/v1/registry/tags/:id/visits',
      { config: { permission: 'specialGroup:read' }, schema: { tags: T, params: idParam } },
      async (req) => {
        const v = await registry.visitsOfTag(req.actor, req.params.id);
        const items = await Promise.all(
          v.visits.map(async (x) => ({
            ...presentVisit(x),
            attachments: (await attachments.ofOwner(req.actor, 'visit', x.id)).map(presentAttachment),
          })),
        );
        return { tag: presentTag(v.tag), items };
      },
    );

    r.post(
      '/api/v1/registry/tags/:id/visits',
      {
        config: { permission: 'specialGroup:visit' },
        schema: {
          tags: T,
          summary: '记录走访（时间、GPS、情况、照片）/ Record a visit',
          params: idParam,
          body: z.strictObject({
            visitedAt: z.iso.datetime({ offset: true }),
            lng: lng.nullish(),
            lat: lat.nullish(),
            findings: text(2000),
            anomaly: z.boolean().default(false),
            reportEvent: z.boolean().default(false),
            attachmentIds: z.array(z.number().int().positive()).max(9).optional(),
          }),
        },
      },
      async (req, reply) => {
        const v = await registry.recordVisit(req.actor, req.params.id, {
          ...req.body,
          visitedAt: new Date(req.body.visitedAt),
        });
        reply.code(201);
        return presentVisit(v);
      },
    );

    r.get(
      '/api/v1/registry/visit-frequency',
      {
        config: { permission: 'specialGroup:read' },
        schema: { tags: T, summary: '各类特殊人群走访频次（天）' },
      },
      async () => registry.visitFrequency(),
    );

    r.put(
      '/api/v1/registry/visit-frequency',
      {
        config: { permission: 'settings:write' },
        schema: {
          tags: T,
          body: z.strictObject(
            Object.fromEntries(SPECIAL_GROUPS.map((g) => [g, z.number().int().min(1).max(366)])) as Record<
              (typeof SPECIAL_GROUPS)[number],
              z.ZodNumber
            >,
          ),
        },
      },
      async (req) => registry.setVisitFrequency(req.actor, req.body),
    );

    // ---------- aggregates (counts per child region, never individual points) ----------

    const aggQuery = z.strictObject({ regionPath: ltreePath, level: z.enum(['town', 'community', 'grid']) });

    r.get(
      '/api/v1/registry/stats/population',
      {
        config: { permission: ['registry:read', 'cockpit:view'] },
        schema: {
          tags: T,
          summary: '各下级区域实有人口数 / Residents per child region',
          querystring: aggQuery,
        },
      },
      async (req) => ({ items: await registry.populationByRegion(req.actor, req.query) }),
    );

    r.get(
      '/api/v1/registry/stats/special-density',
      {
        config: { permission: ['specialGroup:read', 'cockpit:view'] },
        schema: {
          tags: T,
          summary: '各下级区域特殊人群数量 / Special population counts per child region',
          querystring: aggQuery.extend({ tag: z.enum(SPECIAL_GROUPS).optional() }),
        },
      },
      async (req) => ({ items: await registry.specialPopulationDensity(req.actor, req.query) }),
    );
  };
}
