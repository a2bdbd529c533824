import { DISPUTE_TYPES, MEDIATION_LEVELS, MEDIATION_TYPES, ORG_KINDS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam } from '../../platform/http/schemas';
import type { DisputesService } from './disputes.service';

const text = (max: number) => z.string().trim().min(1).max(max);
const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const SPECIALTIES = ['general', ...DISPUTE_TYPES.map((t) => t.code)] as [string, ...string[]];
const specialties = z
  .array(z.enum(SPECIALTIES))
  .min(1)
  .max(SPECIALTIES.length)
  .refine((a) => new Set(a).size === a.length, { message: 'no duplicates' });
const phone = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$|^\d{5,6}$/, { message: 'phone' });
const version = z.number().int().positive();

const orgFields = {
  name: text(128),
  shortName: text(32),
  level: z.enum(keys(MEDIATION_LEVELS)),
  kind: z.enum(keys(ORG_KINDS)),
  mediationTypes: z
    .array(z.enum(keys(MEDIATION_TYPES)))
    .min(1)
    .max(4)
    .refine((a) => new Set(a).size === a.length, { message: 'no duplicates' }),
  specialties,
  regionId: z.number().int().positive(),
  address: z.string().trim().max(200).nullable().optional(),
  phone: phone.nullable().optional(),
};
const mediatorFields = {
  orgId: z.number().int().positive(),
  title: z.string().trim().max(64).nullable().optional(),
  regionId: z.number().int().positive(),
  specialties,
  // Open disputes a mediator carries at most (matching refuses beyond it); a setting per mediator.
  maxLoad: z.number().int().min(1).max(200),
};
const ADMIN = { permission: 'mediation:admin' as const };

/**
 * Administration of the mediation network (issue #5): organisations, mediators and screening schedules,
 * for the system administrator (`mediation:admin`). Lists show what the administrator's scope covers.
 */
export function networkRoutes(deps: { disputes: DisputesService }) {
  const { disputes } = deps;
  const net = disputes.network;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/mediation/admin/orgs',
      {
        config: ADMIN,
        schema: {
          tags: ['mediation'],
          summary: '调解组织管理列表（含停用） / Organisations (administration)',
        },
      },
      async (req) => ({ items: await net.allOrgs(req.actor) }),
    );

    r.post(
      '/api/v1/mediation/orgs',
      {
        config: ADMIN,
        schema: {
          tags: ['mediation'],
          summary: '新建调解组织 / Create an organisation',
          body: z.strictObject(orgFields),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return net.createOrg(req.actor, req.body);
      },
    );

    r.patch(
      '/api/v1/mediation/orgs/:id',
      {
        config: ADMIN,
        schema: {
          tags: ['mediation'],
          summary: '修改或停用调解组织 / Change or deactivate an organisation',
          params: idParam,
          body: z.strictObject({
            version,
            ...z.object(orgFields).partial().shape,
            active: z.boolean().optional(),
          }),
        },
      },
      async (req) => {
        const { version: v, ...patch } = req.body;
        return net.updateOrg(req.actor, req.params.id, v, patch);
      },
    );

    r.get(
      '/api/v1/mediation/admin/mediators',
      {
        config: ADMIN,
        schema: { tags: ['mediation'], summary: '调解员管理列表 / Mediators (administration)' },
      },
      async (req) => ({ items: await net.allMediators(req.actor) }),
    );

    r.post(
      '/api/v1/mediation/mediators',
      {
        config: ADMIN,
        schema: {
          tags: ['mediation'],
          summary: '登记调解员 / Register a mediator',
          body: z.strictObject({ userId: z.number().int().positive(), ...mediatorFields }),
        },
      },
      async (req, reply) => {
        reply.code(201);
        return net.createMediator(req.actor, req.body);
      },
    );

    r.patch(
      '/api/v1/mediation/mediators/:id',
      {
        config: ADMIN,
        schema: {
          tags: ['mediation'],
          summary: '修改或停用调解员 / Change or deactivate a mediator',
          params: idParam,
          body: z.strictObject({
            version,
            ...z.object(mediatorFields).partial().shape,
            active: z.boolean().optional(),
          }),
        },
      },
      async (req) => {
        const { version: v, ...patch } = req.body;
        return net.updateMediator(req.actor, req.params.id, v, patch);
      },
    );

    r.patch(
      '/api/v1/disputes/screening/schedules/:id',
      {
        config: ADMIN,
        schema: {
          tags: ['mediation'],
          summary: '修改排查计划（频次、责任人、启停） / Change a screening schedule',
          params: idParam,
          body: z.strictObject({
            version,
            // At most once a quarter; at least daily (the village-group cadence).
            everyDays: z.number().int().min(1).max(92).optional(),
            responsibleUserId: z.number().int().positive().nullable().optional(),
            active: z.boolean().optional(),
          }),
        },
      },
      async (req) => {
        const { version: v, ...patch } = req.body;
        return net.updateSchedule(req.actor, req.params.id, v, patch);
      },
    );
  };
}
