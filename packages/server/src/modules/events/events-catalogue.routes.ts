import { CATEGORY_GROUPS, DEPARTMENT_TYPE_KEYS, LIMIT_UNITS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CategoryRow, RuleRow } from './events.repo';
import type { EventsService } from './events.service';
import type { EventCatalogueService } from './events-catalogue.service';

const id = z.coerce.number().int().positive();
const path = z.string().regex(/^[0-9A-Za-z_]+(\.[0-9A-Za-z_]+)*$/);
const codeParams = z.strictObject({ code: z.string().regex(/^[0-9A-Z]{1,8}$/) });
const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .nullable()
  .default(null);

const categoryFields = {
  name: z.string().trim().min(2).max(30),
  nameEn: z.string().trim().min(2).max(60),
  parent: z
    .string()
    .regex(/^[0-9A-Z]{2,8}$/)
    .nullable()
    .default(null),
  group: z.enum(CATEGORY_GROUPS),
  limitValue: z.number().positive().max(10_000),
  limitUnit: z.enum(LIMIT_UNITS),
  limitSource: z.string().trim().max(200).default('default'),
  acceptCondition: z.string().trim().min(2).max(500),
  closeCondition: z.string().trim().min(2).max(500),
  departmentType: z.enum(DEPARTMENT_TYPE_KEYS as [string, ...string[]]),
  photoRequired: z.boolean().default(false),
  duplicateRadiusM: z.number().int().min(0).max(5_000),
  duplicateWindowHours: z.number().int().min(0).max(8_760),
  urgent: z.boolean().default(false),
  sort: z.number().int().min(0).max(100_000).default(0),
};
const createBody = z.strictObject({ code: z.string().trim(), ...categoryFields });
const updateBody = z.strictObject({ ...categoryFields, version: z.number().int().min(1) });

const ruleBody = z.strictObject({
  name: z.string().trim().min(2).max(100),
  priority: z.number().int().min(0).max(10_000).default(100),
  active: z.boolean().default(true),
  regionPath: path.nullable().default(null),
  categoryCodes: z.array(z.string().min(1).max(10)).max(50).default([]),
  keywords: z.array(z.string().trim().min(1).max(20)).max(50).default([]),
  hoursFrom: hhmm,
  hoursTo: hhmm,
  departmentId: id,
});

export const presentCategory = (c: CategoryRow) => ({ ...c, updatedAt: c.updatedAt.toISOString() });
type RuleRegion = { id: number; name: string; names: string[] };
export const presentRule = (r: RuleRow, regions?: Map<string, RuleRegion>) => ({
  ...r,
  regionPath: r.matchPath,
  /** The region by name (district → the region), null when the rule applies anywhere. */
  region: r.matchPath ? (regions?.get(r.matchPath) ?? null) : null,
  createdAt: r.createdAt.toISOString(),
});

/**
 * 事件类别目录 and 派单规则 editing (issue #4): administrator only (settings:write, district scope);
 * the public catalogue read stays in events.routes.ts.
 */
export function eventCatalogueRoutes(deps: { events: EventsService; catalogue: EventCatalogueService }) {
  const { events, catalogue } = deps;
  const presentRules = async (rows: RuleRow[]) => {
    const regions = await catalogue.ruleRegions(rows.map((x) => x.matchPath));
    return rows.map((x) => presentRule(x, regions));
  };
  const presentOne = async (row: RuleRow) => (await presentRules([row]))[0]!;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const admin = { permission: 'settings:write' } as const;

    r.get(
      '/api/v1/event-categories/all',
      {
        config: admin,
        schema: { tags: ['events'], summary: '类别目录（含停用）/ Whole category catalogue' },
      },
      async () => (await catalogue.list()).map(presentCategory),
    );
    r.post(
      '/api/v1/event-categories',
      {
        config: admin,
        schema: { tags: ['events'], summary: '新增事件类别 / Add a category', body: createBody },
      },
      async (req, reply) => {
        const row = await catalogue.create(
          req.actor,
          req.body as Parameters<EventCatalogueService['create']>[1],
        );
        reply.code(201);
        return presentCategory(row);
      },
    );
    r.put(
      '/api/v1/event-categories/:code',
      {
        config: admin,
        schema: {
          tags: ['events'],
          summary: '修改事件类别（对新上报事件生效）/ Change a category (applies to new events)',
          params: codeParams,
          body: updateBody,
        },
      },
      async (req) => {
        const { version, ...draft } = req.body;
        return presentCategory(
          await catalogue.update(
            req.actor,
            req.params.code,
            draft as Parameters<EventCatalogueService['update']>[2],
            version,
          ),
        );
      },
    );
    for (const [action, active] of [
      ['disable', false],
      ['enable', true],
    ] as const)
      r.post(
        `/api/v1/event-categories/:code/${action}`,
        {
          config: admin,
          schema: {
            tags: ['events'],
            summary: active ? '启用事件类别 / Enable a category' : '停用事件类别 / Disable a category',
            params: codeParams,
          },
        },
        async (req) => presentCategory(await catalogue.setActive(req.actor, req.params.code, active)),
      );
    r.delete(
      '/api/v1/event-categories/:code',
      {
        config: admin,
        schema: {
          tags: ['events'],
          summary: '删除未使用的事件类别 / Delete an unused category',
          params: codeParams,
        },
      },
      async (req) => catalogue.remove(req.actor, req.params.code),
    );

    // ---- 派单规则: ordered, first match wins ----

    r.get(
      '/api/v1/event-routing-rules',
      {
        config: { permission: ['settings:write', 'event:dispatch'] },
        schema: { tags: ['events'], summary: '派单规则 / Routing rules' },
      },
      async () => presentRules(await events.listRules()),
    );
    r.post(
      '/api/v1/event-routing-rules',
      {
        config: admin,
        schema: { tags: ['events'], summary: '新增派单规则 / Add a routing rule', body: ruleBody },
      },
      async (req, reply) => {
        const row = await catalogue.createRule(req.actor, req.body);
        reply.code(201);
        return presentOne(row);
      },
    );
    r.put(
      '/api/v1/event-routing-rules/:id',
      {
        config: admin,
        schema: {
          tags: ['events'],
          summary: '修改派单规则 / Change a routing rule',
          params: z.strictObject({ id }),
          body: ruleBody.extend({ version: z.number().int().min(1) }),
        },
      },
      async (req) => {
        const { version, ...rule } = req.body;
        return presentOne(await catalogue.updateRule(req.actor, req.params.id, rule, version));
      },
    );
    for (const [action, active] of [
      ['disable', false],
      ['enable', true],
    ] as const)
      r.post(
        `/api/v1/event-routing-rules/:id/${action}`,
        {
          config: admin,
          schema: {
            tags: ['events'],
            summary: active ? '启用派单规则 / Enable a rule' : '停用派单规则 / Disable a rule',
            params: z.strictObject({ id }),
          },
        },
        async (req) => presentOne(await catalogue.setRuleActive(req.actor, req.params.id, active)),
      );
    r.post(
      '/api/v1/event-routing-rules/order',
      {
        config: admin,
        schema: {
          tags: ['events'],
          summary: '调整派单规则顺序 / Reorder the routing rules',
          body: z.strictObject({ ids: z.array(id).min(1).max(500) }),
        },
      },
      async (req) => presentRules(await catalogue.reorderRules(req.actor, req.body.ids)),
    );
  };
}
