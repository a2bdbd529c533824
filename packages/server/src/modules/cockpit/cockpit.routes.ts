import { MAP_MEASURES } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CockpitService, RANK_MEASURES } from './cockpit.service';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Every widget takes the region (id or code, default the user's scope) … */
const region = {
  regionId: z.coerce.number().int().positive().optional(),
  regionCode: z
    .string()
    .regex(/^\d{6,20}$/)
    .optional(),
};
/** … and most a period of local days (default: the widget's own, e.g. the last 30 days). */
const period = { from: day.optional(), to: day.optional() };

const ref = (q: { regionId?: number | undefined; regionCode?: string | undefined }) => ({
  regionId: q.regionId,
  regionCode: q.regionCode,
});

/**
 * The cockpit (驾驶舱, issue #7): one endpoint per widget, each scoped to the user (a region outside the
 * scope answers 404), reading other modules' rollups through their services.
 */
export function cockpitRoutes(deps: { cockpit: CockpitService }) {
  const { cockpit } = deps;
  const cfg = { permission: 'cockpit:view' as const };
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['cockpit'];

    r.get(
      '/api/v1/cockpit/config',
      { config: cfg, schema: { tags, summary: '驾驶舱配置 / Cockpit settings and available measures' } },
      async (req) => cockpit.config(req.actor),
    );

    r.get(
      '/api/v1/cockpit/summary',
      {
        config: cfg,
        schema: {
          tags,
          summary: '总览指标 / Summary counters (today, period, open, overdue, rates)',
          querystring: z.strictObject({ ...region, ...period }),
        },
      },
      async (req) => cockpit.summary(req.actor, ref(req.query), req.query),
    );

    r.get(
      '/api/v1/cockpit/map',
      {
        config: cfg,
        schema: {
          tags,
          summary: '一张图：下级区域边界与指标 / Child regions coloured by a measure',
          querystring: z.strictObject({
            ...region,
            ...period,
            measure: z.enum(MAP_MEASURES).default('eventsPer1000'),
          }),
        },
      },
      async (req) => cockpit.map(req.actor, ref(req.query), req.query.measure, req.query),
    );

    r.get(
      '/api/v1/cockpit/points',
      {
        config: cfg,
        schema: {
          tags,
          summary: '事件点位（按网格聚合）/ Events aggregated per grid',
          querystring: z.strictObject({ ...region, ...period }),
        },
      },
      async (req) => cockpit.points(req.actor, ref(req.query), req.query),
    );

    r.get(
      '/api/v1/cockpit/heat',
      {
        config: cfg,
        schema: {
          tags,
          summary: '特殊人群热力（聚合）/ Special groups, aggregated per grid',
          querystring: z.strictObject({
            ...region,
            tag: z
              .string()
              .regex(/^[A-Za-z][\w-]{0,31}$/)
              .optional(),
          }),
        },
      },
      async (req) => cockpit.heat(req.actor, ref(req.query), req.query.tag),
    );

    r.get(
      '/api/v1/cockpit/trend',
      {
        config: cfg,
        schema: {
          tags,
          summary: '近 N 日趋势 / Daily trend of the last days',
          querystring: z.strictObject({ ...region, days: z.coerce.number().int().min(7).max(90).optional() }),
        },
      },
      async (req) => cockpit.trend(req.actor, ref(req.query), req.query.days),
    );

    r.get(
      '/api/v1/cockpit/categories',
      {
        config: cfg,
        schema: {
          tags,
          summary: '高发事件类别 / Top event categories',
          querystring: z.strictObject({
            ...region,
            ...period,
            limit: z.coerce.number().int().min(1).max(50).default(10),
          }),
        },
      },
      async (req) => cockpit.categories(req.actor, ref(req.query), req.query, req.query.limit),
    );

    r.get(
      '/api/v1/cockpit/disputes',
      {
        config: cfg,
        schema: {
          tags,
          summary: '矛盾纠纷类型与化解率 / Disputes by type with resolution rate',
          querystring: z.strictObject({ ...region, ...period }),
        },
      },
      async (req) => cockpit.disputeTypes(req.actor, ref(req.query), req.query),
    );

    r.get(
      '/api/v1/cockpit/rankings',
      {
        config: cfg,
        schema: {
          tags,
          summary: '街镇/部门排名 / Rankings of sub-regions or departments',
          querystring: z.strictObject({
            ...region,
            ...period,
            by: z.enum(['region', 'department']).default('region'),
            measure: z.enum(RANK_MEASURES).default('closedOnTimeRate'),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
        },
      },
      async (req) =>
        cockpit.rankings(
          req.actor,
          ref(req.query),
          req.query,
          req.query.by,
          req.query.measure,
          req.query.limit,
        ),
    );

    r.get(
      '/api/v1/cockpit/feed',
      {
        config: cfg,
        schema: {
          tags,
          summary: '最新事件 / Live feed of the newest events',
          querystring: z.strictObject({
            ...region,
            limit: z.coerce.number().int().min(1).max(100).optional(),
          }),
        },
      },
      async (req) => cockpit.feed(req.actor, ref(req.query), req.query.limit),
    );
  };
}
