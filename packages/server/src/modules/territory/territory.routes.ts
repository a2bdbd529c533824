import { REGION_LEVELS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { idParam, versionField } from '../../platform/http/schemas';
import type { RegionSummary } from './territory.repo';
import type { TerritoryService } from './territory.service';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());
export const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).min(4)).min(1) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(z.array(position).min(4)).min(1)).min(1),
  }),
]);

export function presentRegion(r: RegionSummary) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level,
    parentId: r.parentId,
    path: r.regionPath,
    centroid: r.centroidLng != null && r.centroidLat != null ? [r.centroidLng, r.centroidLat] : null,
    areaM2: r.areaM2,
    population: r.population,
    households: r.households,
    sort: r.sort,
    version: r.version,
  };
}

export function territoryRoutes(deps: { territory: TerritoryService }) {
  const { territory } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // Locating a point is public: the resident's phone page fills the grid before anyone signs in.
    r.get(
      '/api/v1/regions/locate',
      {
        config: { public: true },
        schema: {
          tags: ['territory'],
          summary: '坐标定位网格 / Locate a point',
          querystring: z.strictObject({
            lng: z.coerce.number().min(-180).max(180),
            lat: z.coerce.number().min(-90).max(90),
          }),
        },
      },
      async (req) => {
        const chain = await territory.locate(req.query.lng, req.query.lat);
        if (!chain) throw new AppError('LOCATE_OUTSIDE', { lng: req.query.lng, lat: req.query.lat });
        return { chain: chain.map(presentRegion), grid: presentRegion(chain[chain.length - 1]!) };
      },
    );

    r.get(
      '/api/v1/regions/tree',
      {
        config: { permission: 'region:read' },
        schema: {
          tags: ['territory'],
          summary: '区域树 / Region tree under the scope',
          querystring: z.strictObject({
            rootId: z.coerce.number().int().positive().optional(),
            depth: z.coerce.number().int().min(1).max(5).default(3),
          }),
        },
      },
      async (req) => {
        const root = req.query.rootId
          ? await territory.getRegion(req.actor, req.query.rootId)
          : await scopeRoot(req.actor.scopePath);
        const rows = await territory.subtree(
          req.actor,
          root.regionPath,
          root.regionPath.split('.').length + req.query.depth - 1,
        );
        return { root: root.id, items: rows.map(presentRegion) };
      },
    );

    async function scopeRoot(path: string) {
      const code = path.split('.').pop() ?? '';
      const dir = await territory.dir();
      const region = dir.byCode.get(code) ?? [...dir.byId.values()].find((x) => x.parentId === null);
      if (!region) throw new AppError('NOT_FOUND', { what: { zh: '区域', en: 'Region' } });
      return region;
    }

    r.get(
      '/api/v1/regions/search',
      {
        config: { permission: 'region:read' },
        schema: {
          tags: ['territory'],
          querystring: z.strictObject({
            q: z.string().trim().min(1).max(32),
            limit: z.coerce.number().int().min(1).max(50).default(20),
          }),
        },
      },
      async (req) => {
        const root = await scopeRoot(req.actor.scopePath);
        const rows = await territory.search(req.actor, root.regionPath, req.query.q, req.query.limit);
        const dir = await territory.dir();
        return {
          items: rows.map((x) => ({ ...presentRegion(x), chainNames: dir.chain(x.id).map((c) => c.name) })),
        };
      },
    );

    r.get(
      '/api/v1/regions/geojson',
      {
        config: { permission: 'region:read' },
        schema: {
          tags: ['territory'],
          summary: '区域边界 GeoJSON / Boundaries as GeoJSON',
          querystring: z.strictObject({
            parentId: z.coerce.number().int().positive().optional(),
            level: z.enum(REGION_LEVELS).default('town'),
          }),
        },
      },
      async (req) => {
        const parent = req.query.parentId
          ? await territory.getRegion(req.actor, req.query.parentId)
          : await scopeRoot(req.actor.scopePath);
        const rows = await territory.atLevel(req.actor, parent.regionPath, req.query.level, true);
        return {
          type: 'FeatureCollection',
          features: rows
            .filter((x) => 'boundary' in x && x.boundary)
            .map((x) => ({
              type: 'Feature',
              id: x.id,
              properties: { id: x.id, code: x.code, name: x.name, level: x.level, population: x.population },
              geometry: (x as { boundary: unknown }).boundary,
            })),
        };
      },
    );

    r.get(
      '/api/v1/regions/:id',
      { config: { permission: 'region:read' }, schema: { tags: ['territory'], params: idParam } },
      async (req) => {
        const row = await territory.getRegion(req.actor, req.params.id);
        const chain = await territory.chain(row.id);
        return {
          ...presentRegion(row),
          boundary: row.boundary,
          chain: chain.map((c) => ({ id: c.id, name: c.name, level: c.level })),
        };
      },
    );

    r.get(
      '/api/v1/regions/:id/children',
      { config: { permission: 'region:read' }, schema: { tags: ['territory'], params: idParam } },
      async (req) => {
        await territory.getRegion(req.actor, req.params.id);
        return { items: (await territory.children(req.actor, req.params.id)).map(presentRegion) };
      },
    );

    r.post(
      '/api/v1/regions',
      {
        config: { permission: 'region:write' },
        schema: {
          tags: ['territory'],
          summary: '新建区域 / Create a region',
          body: z.strictObject({
            code: z
              .string()
              .trim()
              .regex(/^\d{6,20}$/),
            name: z.string().trim().min(1).max(64),
            level: z.enum(REGION_LEVELS),
            parentId: z.number().int().positive().nullable(),
            boundary: geometrySchema.nullable().optional(),
            population: z.number().int().min(0).max(100_000_000).optional(),
            households: z.number().int().min(0).max(100_000_000).optional(),
            sort: z.number().int().min(0).max(100_000).optional(),
          }),
        },
      },
      async (req, reply) => {
        const row = await territory.createRegion(req.actor, req.body);
        reply.code(201);
        return presentRegion(row);
      },
    );

    r.patch(
      '/api/v1/regions/:id',
      {
        config: { permission: 'region:write' },
        schema: {
          tags: ['territory'],
          params: idParam,
          body: z.strictObject({
            version: versionField,
            name: z.string().trim().min(1).max(64).optional(),
            boundary: geometrySchema.nullable().optional(),
            population: z.number().int().min(0).max(100_000_000).optional(),
            households: z.number().int().min(0).max(100_000_000).optional(),
            sort: z.number().int().min(0).max(100_000).optional(),
          }),
        },
      },
      async (req) => {
        const { version, ...patch } = req.body;
        return presentRegion(await territory.updateRegion(req.actor, req.params.id, version, patch));
      },
    );

    r.delete(
      '/api/v1/regions/:id',
      { config: { permission: 'region:write' }, schema: { tags: ['territory'], params: idParam } },
      async (req) => {
        await territory.deleteRegion(req.actor, req.params.id);
        return { ok: true };
      },
    );
  };
}
