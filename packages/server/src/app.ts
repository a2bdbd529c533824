import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { serverRoot } from './db/paths';
import { attachmentsRoutes } from './modules/attachments/attachments.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { calendarRoutes } from './modules/calendar/calendar.routes';
import { casesRoutes } from './modules/cases/cases.routes';
import { cockpitRoutes } from './modules/cockpit/cockpit.routes';
import { disputesRoutes } from './modules/disputes/disputes.routes';
import { documentsRoutes } from './modules/documents/documents.routes';
import { eventsRoutes } from './modules/events/events.routes';
import { eventCatalogueRoutes } from './modules/events/events-catalogue.routes';
import { eventPublicRoutes } from './modules/events/events-public.routes';
import { open311Routes } from './modules/events/open311.routes';
import { extensionsRoutes } from './modules/extensions/extensions.routes';
import { jobsRoutes } from './modules/jobs/jobs.routes';
import { liveRoutes } from './modules/live/live.routes';
import { messagesRoutes } from './modules/messages/messages.routes';
import { healthRoutes } from './modules/platform/health.routes';
import { registryRoutes } from './modules/registry/registry.routes';
import { registryImportRoutes } from './modules/registry/registry-import.routes';
import { organisationRoutes } from './modules/territory/organisation.routes';
import { regionImportRoutes } from './modules/territory/region-import.routes';
import { territoryRoutes } from './modules/territory/territory.routes';
import { authRoutes } from './modules/users/auth.routes';
import { securityDefaults } from './modules/users/security-settings';
import { usersRoutes } from './modules/users/users.routes';
import { installAuthHooks } from './platform/http/auth-hooks';
import { installErrorHandler, installNotFoundHandler } from './platform/http/error-handler';
import { installIdempotency } from './platform/http/idempotency';
import { serveWeb, spaFallbackFile } from './platform/http/static';
import './platform/http/types';
import { loggerOptions } from './platform/logger';
import type { Services } from './services';

export interface AppOptions {
  /** pino logger on/off (tests turn it off). */
  logger?: boolean;
  prettyLogs?: boolean;
  /** Serve the built web app from packages/web/dist. */
  serveWeb?: boolean;
  /** Collects every registered route (the scope-matrix test checks each one has a case). */
  routes?: { methods: string[]; url: string }[];
  /** Live stream heartbeat (tests shorten it). */
  heartbeatMs?: number;
}

export async function buildApp(s: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = s;
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(config.logLevel, opts.prettyLogs ?? false),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
  });
  if (opts.routes) {
    const list = opts.routes;
    app.addHook('onRoute', (r) => {
      list.push({ methods: Array.isArray(r.method) ? [...r.method] : [r.method], url: r.url });
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '枫桥 · 市域社会治理平台 API',
        description:
          'Fengqiao municipal social governance platform. Errors: `{ "error": { "code", "message", "details" } }`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'fq_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });

  installErrorHandler(app);
  installAuthHooks(app, s.auth);
  installIdempotency(app, s.db);

  const secureCookies = config.publicUrl.startsWith('https://');
  await app.register(healthRoutes({ db: s.db, version: '0.1.0' }));
  await app.register(authRoutes({ auth: s.auth, users: s.users, territory: s.territory, secureCookies }));
  await app.register(
    usersRoutes({
      users: s.users,
      auth: s.auth,
      territory: s.territory,
      settings: s.settings,
      securityDefaults: securityDefaults(config),
    }),
  );
  await app.register(territoryRoutes({ territory: s.territory }));
  await app.register(regionImportRoutes({ territory: s.territory }));
  await app.register(organisationRoutes({ territory: s.territory, users: s.users }));
  await app.register(auditRoutes({ audit: s.audit }));
  await app.register(jobsRoutes({ jobs: s.jobs }));
  await app.register(calendarRoutes({ calendar: s.calendar }));
  await app.register(messagesRoutes({ messages: s.messages, territory: s.territory }));
  await app.register(attachmentsRoutes({ attachments: s.attachments }));
  await app.register(casesRoutes({ cases: s.cases }));
  await app.register(extensionsRoutes({ extensions: s.extensions }));
  await app.register(eventsRoutes({ events: s.events, eventOps: s.eventOps, cases: s.cases }));
  await app.register(eventCatalogueRoutes({ events: s.events, catalogue: s.eventCatalogue }));
  await app.register(
    eventPublicRoutes({ events: s.events, publicEvents: s.publicEvents, maxBytes: s.attachments.maxBytes }),
  );
  await app.register(
    open311Routes({ events: s.events, eventOps: s.eventOps, publicUrl: s.config.publicUrl }),
  );
  await app.register(
    liveRoutes({
      live: s.live,
      auth: s.auth,
      ...(opts.heartbeatMs ? { heartbeatMs: opts.heartbeatMs } : {}),
    }),
  );
  await app.register(documentsRoutes({ documents: s.documents }));
  await app.register(disputesRoutes({ disputes: s.disputes }));
  await app.register(registryRoutes({ registry: s.registry, attachments: s.attachments }));
  await app.register(
    registryImportRoutes({
      imports: s.registryImport,
      exporter: s.registryExport,
      maxBytes: s.config.importMaxBytes,
    }),
  );
  await app.register(cockpitRoutes({ cockpit: s.cockpit }));

  let webFallback: ((url: string) => string | null) | null = null;
  if (opts.serveWeb) {
    const dist = join(serverRoot(), '..', 'web', 'dist');
    if (await serveWeb(app, dist)) webFallback = spaFallbackFile;
  }
  installNotFoundHandler(app, webFallback);
  return app;
}
