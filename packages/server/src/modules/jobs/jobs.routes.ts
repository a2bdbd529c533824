import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, paged, pageQuery } from '../../platform/http/schemas';
import type { JobRow } from './jobs.repo';
import type { JobsService } from './jobs.service';

const VIEWS = ['pending', 'running', 'failed', 'dead', 'done', 'cancelled'] as const;

function presentJob(j: JobRow) {
  return {
    id: j.id,
    type: j.type,
    status: j.status,
    failed: j.status === 'pending' && j.lastError !== null,
    payload: j.payload,
    runAt: j.runAt.toISOString(),
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    recurring: j.everyMs !== null,
    ref: j.ref,
    lastError: j.lastError,
    lockedBy: j.lockedBy,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** The job queue for district administrators (permission jobs:manage): pending, failed, dead; retry. */
export function jobsRoutes(deps: { jobs: JobsService }) {
  const { jobs } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/jobs',
      {
        config: { permission: 'jobs:manage' },
        schema: {
          tags: ['jobs'],
          summary: '后台任务列表 / List background jobs',
          querystring: z.strictObject({
            status: z.enum(VIEWS).default('failed'),
            type: z.string().max(64).optional(),
            ...pageQuery,
          }),
        },
      },
      async (req) => {
        const q = req.query;
        const { rows, total } = await jobs.list(
          req.actor,
          q.status,
          q.type,
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        return paged(rows.map(presentJob), total, q.page, q.pageSize);
      },
    );

    r.get(
      '/api/v1/jobs/stats',
      {
        config: { permission: 'jobs:manage' },
        schema: { tags: ['jobs'], summary: '后台任务统计 / Job counts by status' },
      },
      async (req) => jobs.stats(req.actor),
    );

    r.post(
      '/api/v1/jobs/:id/retry',
      {
        config: { permission: 'jobs:manage' },
        schema: { tags: ['jobs'], summary: '重试任务 / Retry a failed or dead job', params: idParam },
      },
      async (req) => presentJob(await jobs.retry(req.actor, req.params.id)),
    );
  };
}
