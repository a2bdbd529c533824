import { DEPARTMENT_TYPE_KEYS, POST_TYPE_KEYS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, queryBool, versionField } from '../../platform/http/schemas';
import type { UsersService } from '../users/users.service';
import type { DepartmentRow, PostRow } from './territory.repo';
import { postFacts, type TerritoryService } from './territory.service';

/** Mobile (1xxxxxxxxxx) or landline with area code (0591-87654321). */
const personalPhone = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: 'phone' });
/** An office line may also be a short service number (110, 12345) or carry an extension. */
const officePhone = z.string().regex(/^[0-9][0-9-]{2,24}$/, { message: 'phone' });
/** YYYY-MM-DD that is a real calendar date. */
const isoDate = z.iso.date();

export function presentDepartment({ regionPath: _p, ...d }: DepartmentRow) {
  return { ...d, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() };
}

export function presentPost(p: PostRow) {
  const { regionPath: _p, ...rest } = postFacts(p);
  return { ...rest, createdAt: rest.createdAt.toISOString() };
}

/** 职能部门 and 网格岗位 (issue #2): reference lists for everyone, changes for administrators in scope. */
export function organisationRoutes(deps: { territory: TerritoryService; users: UsersService }) {
  const { territory, users } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/departments',
      {
        config: { permission: 'region:read' },
        schema: {
          tags: ['territory'],
          summary: '职能部门 / Departments',
          querystring: z.strictObject({
            q: z.string().max(32).optional(),
            type: z.string().max(32).optional(),
            regionId: z.coerce.number().int().positive().optional(),
            active: queryBool.optional(),
          }),
        },
      },
      async (req) => {
        const under = req.query.regionId
          ? (await territory.regionSummary(req.query.regionId))?.regionPath
          : undefined;
        const rows = await territory.listDepartments(req.actor, {
          q: req.query.q,
          type: req.query.type,
          underPath: under,
          active: req.query.active,
        });
        return { items: rows.map(presentDepartment) };
      },
    );

    r.post(
      '/api/v1/departments',
      {
        config: { permission: 'department:write' },
        schema: {
          tags: ['territory'],
          summary: '新建职能部门 / Create a department',
          body: z.strictObject({
            code: z
              .string()
              .trim()
              .regex(/^[A-Za-z0-9_-]{1,32}$/),
            name: z.string().trim().min(1).max(64),
            shortName: z.string().trim().min(1).max(16),
            type: z.enum(DEPARTMENT_TYPE_KEYS),
            regionId: z.number().int().positive(),
            phone: officePhone.nullable().optional(),
            duties: z.string().trim().max(2000).optional(),
          }),
        },
      },
      async (req, reply) => {
        const row = await territory.createDepartment(req.actor, req.body);
        reply.code(201);
        return presentDepartment(row);
      },
    );

    r.patch(
      '/api/v1/departments/:id',
      {
        config: { permission: 'department:write' },
        schema: {
          tags: ['territory'],
          summary: '修改职能部门 / Change a department',
          params: idParam,
          body: z.strictObject({
            version: versionField,
            name: z.string().trim().min(1).max(64).optional(),
            shortName: z.string().trim().min(1).max(16).optional(),
            type: z.enum(DEPARTMENT_TYPE_KEYS).optional(),
            phone: officePhone.nullable().optional(),
            duties: z.string().trim().max(2000).optional(),
            active: z.boolean().optional(),
          }),
        },
      },
      async (req) => {
        const { version, ...patch } = req.body;
        return presentDepartment(await territory.updateDepartment(req.actor, req.params.id, version, patch));
      },
    );

    r.get(
      '/api/v1/posts',
      {
        config: { permission: 'region:read' },
        schema: {
          tags: ['territory'],
          summary: '网格岗位 / Grid posts',
          querystring: z.strictObject({ regionId: z.coerce.number().int().positive().optional() }),
        },
      },
      async (req) => {
        const region = req.query.regionId ? await territory.regionSummary(req.query.regionId) : undefined;
        const rows = await territory.listPosts(req.actor, { underPath: region?.regionPath });
        return { items: rows.map(presentPost) };
      },
    );

    r.post(
      '/api/v1/posts',
      {
        config: { permission: 'post:write' },
        schema: {
          tags: ['territory'],
          summary: '设立网格岗位 / Appoint to a grid post',
          body: z.strictObject({
            regionId: z.number().int().positive(),
            postType: z.enum(POST_TYPE_KEYS),
            personName: z.string().trim().min(1).max(32),
            phone: personalPhone.nullable().optional(),
            userId: z.number().int().positive().nullable().optional(),
            startedOn: isoDate.optional(),
          }),
        },
      },
      async (req, reply) => {
        // The account, when given, must be one the administrator can see (404 otherwise).
        if (req.body.userId) await users.get(req.actor, req.body.userId);
        const row = await territory.createPost(req.actor, req.body);
        reply.code(201);
        return presentPost(row);
      },
    );

    r.delete(
      '/api/v1/posts/:id',
      {
        config: { permission: 'post:write' },
        schema: { tags: ['territory'], summary: '岗位卸任 / End a post', params: idParam },
      },
      async (req) => presentPost(await territory.endPost(req.actor, req.params.id)),
    );
  };
}
