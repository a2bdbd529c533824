import { IMPORT_DEFAULTS, type Lang, localizeParam, type RegionImportReport } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { queryBool } from '../../platform/http/schemas';
import type { TerritoryService } from './territory.service';

/**
 * A district's boundary file runs to a few MB (2,078 grids with their parents is about 1 MB as plain
 * GeoJSON; surveyed boundaries carry many more vertices), above the API's general body limit.
 */
export const REGION_IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/** The report in the caller's language: the answer of a dry run, and the `details` of a refused real run. */
export function presentImportReport(r: RegionImportReport, dryRun: boolean, lang: Lang) {
  return {
    dryRun,
    features: r.features,
    created: r.creates.length,
    updated: r.updates.length,
    errors: r.errors.map((e) => ({ index: e.index, code: e.code, message: localizeParam(e.message, lang) })),
    warnings: r.warnings.map((w) => ({
      kind: w.kind,
      codes: w.codes,
      message: localizeParam(w.message, lang),
      ...(w.areaM2 !== undefined ? { areaM2: w.areaM2 } : {}),
    })),
  };
}

export function regionImportRoutes(deps: { territory: TerritoryService }) {
  const { territory } = deps;
  return async (app: FastifyInstance) => {
    // GIS tools send `application/geo+json` (RFC 7946 §12); parse it as JSON, in this plugin only.
    app.addContentTypeParser(
      'application/geo+json',
      { parseAs: 'string', bodyLimit: REGION_IMPORT_BODY_LIMIT },
      app.getDefaultJsonParser('error', 'error'),
    );
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/regions/import',
      {
        bodyLimit: REGION_IMPORT_BODY_LIMIT,
        config: { permission: 'region:write' },
        schema: {
          tags: ['territory'],
          summary: '导入区域边界 GeoJSON / Import region boundaries (GeoJSON)',
          description:
            'A FeatureCollection whose features carry `properties: { code, name, level?, parentCode?, population?, households? }` ' +
            'and Polygon/MultiPolygon geometry in WGS-84/CGCS2000 lng/lat. A stored code updates that region (boundary, name, ' +
            'figures); a new code creates a region under its parent. Every problem is reported per feature; with any error ' +
            'nothing is written (a real run answers 400 GEOJSON_INVALID with the report in `details`). Up to 16 MB.',
          querystring: z.strictObject({
            dryRun: queryBool.default(true),
            toleranceM: z.coerce.number().min(0).max(50).default(IMPORT_DEFAULTS.toleranceM),
          }),
          // The structure inside the features is checked feature by feature by the validator, so one bad
          // feature yields one line in the report rather than a 400 for the whole file. GeoJSON allows
          // foreign members (RFC 7946 §6.1); `name`, `crs` and `bbox` are the ones GIS tools write.
          body: z.strictObject({
            type: z.literal('FeatureCollection'),
            features: z.array(z.unknown()).max(100_000),
            name: z.string().optional(),
            crs: z.unknown().optional(),
            bbox: z.array(z.number()).optional(),
          }),
        },
      },
      async (req) => {
        const { dryRun, toleranceM } = req.query;
        const result = await territory.importRegions(req.actor, req.body, { dryRun, toleranceM });
        const body = presentImportReport(result.report, dryRun, req.lang);
        if (!dryRun && !result.written) {
          const n = result.report.errors.length;
          throw new AppError(
            'GEOJSON_INVALID',
            { detail: { zh: `${n} 处错误`, en: `${n} problem(s)` } },
            body,
          );
        }
        return body;
      },
    );
  };
}
