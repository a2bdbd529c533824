import type { InjectOptions } from 'fastify';
import type { TestApp } from './harness';

/**
 * The region-scope matrix (issue #2: "a town-A user cannot read, list, count or change town-B rows").
 * Every API route appears here, with what a user scoped to town 1 (东湖街道) must get when aiming at
 * town 2 (临江街道). The meta-test fails when a route has no entry, so a new route cannot skip it.
 *
 * Users: `town1` (dispatcher), `townadmin1` (administrator scoped to town 1, created by the matrix),
 * `grid` (grid worker in town 1).
 */
export type ScopeCase =
  | { kind: 'exempt'; reason: string }
  /** A single object in town 2: the answer must be 404 (or 403 when the role lacks the permission). */
  | {
      kind: 'object';
      as: string;
      request: (t: TestApp, fx: Fixtures) => Promise<InjectOptions> | InjectOptions;
      expect: 404 | 403;
    }
  /** A list: no item may lie outside town 1, and `total` (when present) counts only town-1 rows. */
  | {
      kind: 'list';
      as: string;
      request: (t: TestApp, fx: Fixtures) => Promise<InjectOptions> | InjectOptions;
      itemPath: (item: Record<string, unknown>, fx: Fixtures) => string | null | Promise<string | null>;
      /** The list must not be empty for town 1 (so the test is not vacuous). */
      nonEmpty?: boolean;
    };

export interface Fixtures {
  town1Path: string;
  town2Path: string;
  town2RegionId: number;
  town2GridId: number;
  town2UserId: number;
  town2PostId: number;
  town2SessionId: number;
  /** Modules add their own town-2 objects here (event ids, dispute ids…). */
  extra: Record<string, number | string>;
}

const usersList: ScopeCase = {
  kind: 'list',
  as: 'townadmin1',
  request: () => ({ method: 'GET', url: '/api/v1/users?pageSize=200' }),
  itemPath: (u) => (u.scope as { path: string }).path,
  nonEmpty: true,
};

export const SCOPE_CASES: Record<string, ScopeCase> = {
  'GET /api/health': { kind: 'exempt', reason: 'public health check, no data' },
  'GET /api/docs': { kind: 'exempt', reason: 'public API description' },
  'POST /api/v1/auth/login': { kind: 'exempt', reason: 'sign-in' },
  'POST /api/v1/auth/logout': { kind: 'exempt', reason: 'own session only' },
  'GET /api/v1/me': { kind: 'exempt', reason: 'own account only' },
  'POST /api/v1/me/password': { kind: 'exempt', reason: 'own account only' },
  'GET /api/v1/regions/locate': { kind: 'exempt', reason: 'the territory is public reference data' },
  'GET /api/v1/regions/tree': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/regions/tree?depth=2' }),
    itemPath: (r) => r.path as string,
    nonEmpty: true,
  },
  'GET /api/v1/regions/search': {
    kind: 'list',
    as: 'town1',
    request: () => ({
      method: 'GET',
      url: `/api/v1/regions/search?q=${encodeURIComponent('社区')}&limit=50`,
    }),
    itemPath: (r) => r.path as string,
    nonEmpty: true,
  },
  'GET /api/v1/regions/geojson': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/regions/geojson?parentId=${fx.town2RegionId}&level=community`,
    }),
    expect: 404,
  },
  'GET /api/v1/regions/:id': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/regions/${fx.town2GridId}` }),
    expect: 404,
  },
  'GET /api/v1/regions/:id/children': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/regions/${fx.town2RegionId}/children` }),
    expect: 404,
  },
  'POST /api/v1/regions': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/regions',
      payload: { code: '350199002011', name: '越权社区', level: 'community', parentId: fx.town2RegionId },
    }),
    expect: 404,
  },
  'PATCH /api/v1/regions/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/regions/${fx.town2GridId}`,
      payload: { version: 1, name: '越权' },
    }),
    expect: 404,
  },
  'DELETE /api/v1/regions/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({ method: 'DELETE', url: `/api/v1/regions/${fx.town2GridId}` }),
    expect: 404,
  },
  'POST /api/v1/regions/import': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/regions/import?dryRun=true',
      payload: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: String(fx.extra.town2GridCode), name: '越权网格' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [119.3, 26.05],
                  [119.301, 26.05],
                  [119.301, 26.051],
                  [119.3, 26.05],
                ],
              ],
            },
          },
        ],
      },
    }),
    expect: 404,
  },
  'POST /api/v1/departments': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/departments',
      payload: {
        code: 'X-T2',
        name: '越权部门',
        shortName: '越权',
        type: 'other',
        regionId: fx.town2RegionId,
      },
    }),
    expect: 404,
  },
  'PATCH /api/v1/departments/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/departments/${fx.extra.town2DepartmentId}`,
      payload: { version: 1, name: '越权' },
    }),
    expect: 404,
  },
  'POST /api/v1/posts': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/posts',
      payload: { regionId: fx.town2GridId, postType: 'gridWorker', personName: '越权' },
    }),
    expect: 404,
  },
  'DELETE /api/v1/posts/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({ method: 'DELETE', url: `/api/v1/posts/${fx.town2PostId}` }),
    expect: 404,
  },
  'GET /api/v1/departments': {
    kind: 'exempt',
    reason: 'departments are public reference data (a town whistles to district bureaus)',
  },
  'GET /api/v1/posts': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/posts' }),
    itemPath: async (p, fx) => (p.regionId === fx.town2GridId ? fx.town2Path : null) ?? fx.town1Path,
    nonEmpty: true,
  },
  'GET /api/v1/users': usersList,
  'GET /api/v1/users/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/users/${fx.town2UserId}` }),
    expect: 404,
  },
  'POST /api/v1/users': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'intruder',
        displayName: '越权',
        password: 'Abc@12345',
        roles: ['gridWorker'],
        scopeRegionId: fx.town2GridId,
      },
    }),
    expect: 403,
  },
  'PATCH /api/v1/users/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/users/${fx.town2UserId}`,
      payload: { version: 1, displayName: '越权' },
    }),
    expect: 404,
  },
  'POST /api/v1/users/:id/reset-password': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/users/${fx.town2UserId}/reset-password`,
      payload: { password: 'Abc@123456' },
    }),
    expect: 404,
  },
  'POST /api/v1/users/:id/unlock': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({ method: 'POST', url: `/api/v1/users/${fx.town2UserId}/unlock` }),
    expect: 404,
  },
  'GET /api/v1/security/settings': {
    kind: 'exempt',
    reason: 'platform-wide policy, security administrator only',
  },
  'PUT /api/v1/security/settings': {
    kind: 'exempt',
    reason: 'platform-wide policy, security administrator only',
  },
  'GET /api/v1/security/locked': {
    kind: 'list',
    as: 'townadmin1',
    request: () => ({ method: 'GET', url: '/api/v1/security/locked' }),
    itemPath: async (u, fx) => (u.username === 'town2' ? fx.town2Path : fx.town1Path),
  },
  'GET /api/v1/security/sessions': {
    kind: 'object',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/security/sessions' }),
    expect: 403,
  },
  'DELETE /api/v1/security/sessions/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({ method: 'DELETE', url: `/api/v1/security/sessions/${fx.town2SessionId}` }),
    expect: 403,
  },
  'GET /api/v1/audit': {
    kind: 'object',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/audit' }),
    expect: 403,
  },
  'GET /api/v1/documents/templates': { kind: 'exempt', reason: 'static list of templates' },
  'POST /api/v1/documents/preview': {
    kind: 'exempt',
    reason: 'renders the caller’s own data; stores nothing',
  },
  'POST /api/v1/documents': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/documents',
      payload: {
        template: 'notice',
        subjectType: 'region',
        subjectId: fx.town2GridId,
        data: { recipient: 'x', subject: 'x', paragraphs: ['x'], issuer: 'x', issuedOn: '2026-11-23' },
      },
    }),
    expect: 404,
  },
  'GET /api/v1/documents': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/documents?subjectType=region&subjectId=${fx.town2GridId}`,
    }),
    expect: 404,
  },
  'GET /api/v1/documents/:id': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/documents/${fx.extra.town2DocumentId}` }),
    expect: 404,
  },
  'GET /api/v1/documents/:id/file': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/documents/${fx.extra.town2DocumentId}/file` }),
    expect: 404,
  },
  'POST /api/v1/documents/:id/revoke': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/documents/${fx.extra.town2DocumentId}/revoke`,
      payload: { reason: '越权作废' },
    }),
    expect: 404,
  },
  'GET /api/v1/verify/public-key': { kind: 'exempt', reason: 'public key, public by design' },
  'GET /api/v1/verify/:code': {
    kind: 'exempt',
    reason: 'public verification by unguessable code; shows no personal data',
  },
  'POST /api/v1/verify/:code': { kind: 'exempt', reason: 'public verification of a presented copy' },
  'POST /api/v1/audit/verify': {
    kind: 'object',
    as: 'town1',
    request: () => ({ method: 'POST', url: '/api/v1/audit/verify' }),
    expect: 403,
  },
};

const town2 = (key: string) => (fx: Fixtures) => fx.extra[key] as number;
const forbiddenForTownAdmin = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): ScopeCase => ({
  kind: 'object',
  as: 'townadmin1',
  request: () => ({ method, url, ...(payload ? { payload } : {}) }),
  expect: 403,
});

// Case engine, jobs, calendar, notifications, attachments, live updates (issue #3).
Object.assign(SCOPE_CASES, {
  'GET /api/v1/jobs': forbiddenForTownAdmin('GET', '/api/v1/jobs'),
  'GET /api/v1/jobs/stats': forbiddenForTownAdmin('GET', '/api/v1/jobs/stats'),
  'POST /api/v1/jobs/:id/retry': forbiddenForTownAdmin('POST', '/api/v1/jobs/1/retry'),
  'GET /api/v1/calendar': { kind: 'exempt', reason: 'one working calendar for the whole district' },
  'GET /api/v1/calendar/years/:year': {
    kind: 'exempt',
    reason: 'one working calendar for the whole district',
  },
  'GET /api/v1/calendar/deadline': { kind: 'exempt', reason: 'pure deadline arithmetic, no data' },
  'PUT /api/v1/calendar/years/:year': forbiddenForTownAdmin('PUT', '/api/v1/calendar/years/2026', {
    holidays: [],
    workdays: [],
  }),
  'PUT /api/v1/calendar/settings': forbiddenForTownAdmin('PUT', '/api/v1/calendar/settings', {
    workingHours: [{ start: '09:00', end: '17:00' }],
    warnShare: 0.8,
  }),
  'GET /api/v1/notifications': { kind: 'exempt', reason: "the caller's own notifications only" },
  'GET /api/v1/notifications/unread-count': { kind: 'exempt', reason: "the caller's own notifications only" },
  'POST /api/v1/notifications/read': { kind: 'exempt', reason: "the caller's own notifications only" },
  'GET /api/v1/subscriptions': {
    kind: 'list',
    as: 'townadmin1',
    request: () => ({ method: 'GET', url: '/api/v1/subscriptions' }),
    itemPath: (s) => s.regionPath as string,
  },
  'POST /api/v1/subscriptions': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { kind: 'webhook', name: '越权', url: 'http://127.0.0.1:9/x', regionId: fx.town2RegionId },
    }),
    expect: 404,
  },
  'PATCH /api/v1/subscriptions/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/subscriptions/${town2('town2SubscriptionId')(fx)}`,
      payload: { version: 1, active: false },
    }),
    expect: 404,
  },
  'DELETE /api/v1/subscriptions/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'DELETE',
      url: `/api/v1/subscriptions/${town2('town2SubscriptionId')(fx)}`,
    }),
    expect: 404,
  },
  'POST /api/v1/subscriptions/:id/test': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/subscriptions/${town2('town2SubscriptionId')(fx)}/test`,
    }),
    expect: 404,
  },
  'POST /api/v1/attachments': { kind: 'exempt', reason: "an upload lands in the uploader's own scope" },
  'GET /api/v1/attachments/:id': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/attachments/${town2('town2AttachmentId')(fx)}` }),
    expect: 404,
  },
  'GET /api/v1/attachments/:id/content': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/attachments/${town2('town2AttachmentId')(fx)}/content`,
    }),
    expect: 404,
  },
  'GET /api/v1/attachments/:id/thumbnail': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/attachments/${town2('town2AttachmentId')(fx)}/thumbnail`,
    }),
    expect: 404,
  },
  'GET /api/v1/workflows': { kind: 'exempt', reason: 'workflow definitions: labels only, no case data' },
  'GET /api/v1/cases/:kind/:id': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cases/testRepair/${town2('town2CaseId')(fx)}` }),
    expect: 404,
  },
  'GET /api/v1/cases/:kind/:id/timeline': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/cases/testRepair/${town2('town2CaseId')(fx)}/timeline`,
    }),
    expect: 404,
  },
  'POST /api/v1/cases/:kind/:id/transitions': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/cases/testRepair/${town2('town2CaseId')(fx)}/transitions`,
      payload: { action: 'cancel', comment: '越权作废' },
    }),
    expect: 404,
  },
  'POST /api/v1/cases/:kind/:id/extensions': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/cases/testRepair/${town2('town2CaseId')(fx)}/extensions`,
      payload: { clock: 'intake', amount: 1, unit: 'workingDays', reason: '越权延期' },
    }),
    expect: 404,
  },
  'GET /api/v1/cases/:kind/:id/extensions': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/cases/testRepair/${town2('town2CaseId')(fx)}/extensions`,
    }),
    expect: 404,
  },
  'GET /api/v1/cockpit/config': { kind: 'exempt', reason: "describes the user's own scope only" },
  'GET /api/v1/cockpit/summary': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/summary?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/map': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/cockpit/map?regionId=${fx.town2RegionId}&measure=population`,
    }),
    expect: 404,
  },
  'GET /api/v1/cockpit/points': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/points?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/heat': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/heat?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/trend': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/trend?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/categories': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/categories?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/disputes': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/disputes?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/rankings': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/rankings?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/cockpit/feed': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/cockpit/feed?regionId=${fx.town2RegionId}` }),
    expect: 404,
  },
  'GET /api/v1/stream': {
    kind: 'exempt',
    reason: 'each event is filtered by scope per client; proven in modules/live/live.test.ts',
  },
} satisfies Record<string, ScopeCase>);

// ---- events (issue #4): town 1's dispatcher aims at a town-2 event (fixture eventsHook) ----
const townEvent = (fx: Fixtures) => town2('town2EventId')(fx);
/** District-wide reference data: a town-1 administrator gets 403 (EVENT_CATALOGUE_SCOPE). */
const districtOnly = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): ScopeCase => ({
  kind: 'object',
  as: 'townadmin1',
  request: () => ({ method, url, ...(payload ? { payload } : {}) }),
  expect: 403,
});
const eventObject = (method: 'GET' | 'POST', rest: string, payload?: object): ScopeCase => ({
  kind: 'object',
  as: 'town1',
  request: (_t, fx) => ({
    method,
    url: `/api/v1/events/${townEvent(fx)}${rest}`,
    ...(payload ? { payload } : {}),
  }),
  expect: 404,
});
Object.assign(SCOPE_CASES, {
  'GET /api/v1/event-categories': { kind: 'exempt', reason: 'public category catalogue (reference data)' },
  'GET /api/v1/events': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/events?limit=200' }),
    itemPath: (e) => e.regionPath as string,
    nonEmpty: true,
  },
  'GET /api/v1/events/recent': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/events/recent?limit=200' }),
    itemPath: (e) => e.regionPath as string,
    nonEmpty: true,
  },
  'POST /api/v1/events': {
    kind: 'object',
    as: 'town1',
    request: async (t, fx) => {
      const g = await t.services.territory.regionSummary(fx.town2GridId);
      return {
        method: 'POST',
        url: '/api/v1/events',
        payload: {
          categoryCode: '11',
          description: '越权上报',
          lng: g!.centroidLng,
          lat: g!.centroidLat,
          channel: 'console',
        },
      };
    },
    expect: 403,
  },
  'GET /api/v1/events/inbox': {
    kind: 'exempt',
    reason: 'own department only (lead or assisting); district departments serve every town by design',
  },
  'GET /api/v1/events/stats': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/events/stats?from=2026-01-01&to=2026-12-31&regionPath=${fx.town2Path}`,
    }),
    expect: 404,
  },
  'GET /api/v1/events/stats.xlsx': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/events/stats.xlsx?from=2026-01-01&to=2026-12-31&regionPath=${fx.town2Path}`,
    }),
    expect: 404,
  },
  'POST /api/v1/events/bulk': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/events/bulk',
      payload: { action: 'accept', ids: [townEvent(fx)] },
    }),
    expect: 404,
  },
  'POST /api/v1/me/position': { kind: 'exempt', reason: "the caller's own position only" },
  'GET /api/v1/events/:id': eventObject('GET', ''),
  'POST /api/v1/events/:id/dispatch': eventObject('POST', '/dispatch', { departmentId: 1 }),
  'POST /api/v1/events/:id/merge': eventObject('POST', '/merge', { intoId: 1 }),
  'POST /api/v1/events/:id/whistles': eventObject('POST', '/whistles', {
    departmentIds: [1],
    limitHours: 2,
    note: '越权吹哨',
  }),
  'POST /api/v1/events/:id/supervisions': eventObject('POST', '/supervisions', {
    level: 'daily',
    requirement: '越权督办',
    limitDays: 3,
  }),
  'GET /api/v1/events/:id/nearest-workers': eventObject('GET', '/nearest-workers'),
  'POST /api/v1/events/:id/onsite': eventObject('POST', '/onsite', { userId: 1 }),
  'POST /api/v1/events/:id/arrive': {
    kind: 'object',
    as: 'grid',
    request: (_t, fx) => ({ method: 'POST', url: `/api/v1/events/${townEvent(fx)}/arrive` }),
    expect: 404,
  },
  'POST /api/v1/public/events': {
    kind: 'exempt',
    reason: 'public intake without an account; filed by location',
  },
  'POST /api/v1/public/event-photos': {
    kind: 'exempt',
    reason: 'public photo upload without an account; unreadable by anyone until its report claims it',
  },
  'POST /api/v1/public/events/:code/follow': {
    kind: 'exempt',
    reason: 'the reporter only, by unguessable tracking code plus their phone number',
  },
  'POST /api/v1/public/events/:code/rate': {
    kind: 'exempt',
    reason: 'the reporter only, by unguessable tracking code plus their phone number',
  },
  'POST /api/v1/integrations/events': {
    kind: 'exempt',
    reason: 'linked systems with an API key; filed by location',
  },
  'GET /api/v1/event-api-keys': {
    kind: 'exempt',
    reason: 'district-wide integration settings (settings:write)',
  },
  'POST /api/v1/event-api-keys': {
    kind: 'exempt',
    reason: 'district-wide integration settings (settings:write)',
  },
  'GET /api/v1/event-routing-rules': {
    kind: 'exempt',
    reason: 'district-wide routing rules (reference data)',
  },
  // Catalogue and rules are district-wide: a town-scoped administrator is refused (EVENT_CATALOGUE_SCOPE).
  'POST /api/v1/event-routing-rules': districtOnly('POST', '/api/v1/event-routing-rules', {
    name: '越权规则',
    departmentId: 1,
  }),
  'PUT /api/v1/event-routing-rules/:id': districtOnly('PUT', '/api/v1/event-routing-rules/1', {
    name: '越权规则',
    departmentId: 1,
    version: 1,
  }),
  'POST /api/v1/event-routing-rules/:id/disable': districtOnly(
    'POST',
    '/api/v1/event-routing-rules/1/disable',
  ),
  'POST /api/v1/event-routing-rules/:id/enable': districtOnly('POST', '/api/v1/event-routing-rules/1/enable'),
  'POST /api/v1/event-routing-rules/order': districtOnly('POST', '/api/v1/event-routing-rules/order', {
    ids: [1],
  }),
  'GET /api/v1/event-categories/all': {
    kind: 'exempt',
    reason: 'district-wide category catalogue (reference data, settings:write)',
  },
  'POST /api/v1/event-categories': districtOnly('POST', '/api/v1/event-categories', {
    code: '0199',
    name: '越权类别',
    nameEn: 'Out of scope',
    parent: '01',
    group: 'cityManagement',
    limitValue: 1,
    limitUnit: 'workingDays',
    acceptCondition: '测试',
    closeCondition: '测试',
    departmentType: 'urbanManagement',
    duplicateRadiusM: 50,
    duplicateWindowHours: 24,
  }),
  'PUT /api/v1/event-categories/:code': districtOnly('PUT', '/api/v1/event-categories/0101', {
    name: '越权修改',
    nameEn: 'Out of scope',
    parent: '01',
    group: 'cityManagement',
    limitValue: 1,
    limitUnit: 'workingDays',
    acceptCondition: '测试',
    closeCondition: '测试',
    departmentType: 'urbanManagement',
    duplicateRadiusM: 50,
    duplicateWindowHours: 24,
    version: 1,
  }),
  'POST /api/v1/event-categories/:code/disable': districtOnly(
    'POST',
    '/api/v1/event-categories/0101/disable',
  ),
  'POST /api/v1/event-categories/:code/enable': districtOnly('POST', '/api/v1/event-categories/0101/enable'),
  'DELETE /api/v1/event-categories/:code': districtOnly('DELETE', '/api/v1/event-categories/0101'),
  'POST /api/v1/event-api-keys/:id/revoke': {
    kind: 'exempt',
    reason: 'district-wide integration settings (settings:write)',
  },
} satisfies Record<string, ScopeCase>);

// Registry (issue #6): town-2 address, person, house, organisation and tag come from the registry hook.
const reg = (key: string) => (fx: Fixtures) => fx.extra[key] as number;
const regObject = (
  as: string,
  method: InjectOptions['method'],
  url: (fx: Fixtures) => string,
  payload?: (fx: Fixtures) => Record<string, unknown>,
): ScopeCase => ({
  kind: 'object',
  as,
  request: (_t, fx) => ({ method, url: url(fx), ...(payload ? { payload: payload(fx) } : {}) }),
  expect: 404,
});
const regList = (as: string, url: string): ScopeCase => ({
  kind: 'list',
  as,
  request: () => ({ method: 'GET', url }),
  itemPath: (r) => r.path as string,
  nonEmpty: true,
});

Object.assign(SCOPE_CASES, {
  'GET /api/v1/registry/addresses/match': regList(
    'town1',
    `/api/v1/registry/addresses/match?q=${encodeURIComponent('江滨大道1号1栋2单元202室')}&limit=20`,
  ),
  'GET /api/v1/registry/addresses': regList('town1', '/api/v1/registry/addresses'),
  'GET /api/v1/registry/addresses/:id': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/addresses/${reg('town2AddressId')(fx)}`,
  ),
  'POST /api/v1/registry/addresses': regObject(
    'grid',
    'POST',
    () => '/api/v1/registry/addresses',
    (fx) => ({ parentId: reg('town2UnitId')(fx), kind: 'room', name: '909室' }),
  ),
  'GET /api/v1/registry/people': regList('town1', '/api/v1/registry/people?pageSize=200'),
  'POST /api/v1/registry/people': regObject(
    'grid',
    'POST',
    () => '/api/v1/registry/people',
    (fx) => ({
      name: '越权',
      idNumber: '11010519491231002X',
      residenceType: 'registered',
      addressId: reg('town2AddressId')(fx),
    }),
  ),
  'GET /api/v1/registry/people/:id': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/people/${reg('town2PersonId')(fx)}`,
  ),
  'PUT /api/v1/registry/people/:id': regObject(
    'grid',
    'PUT',
    (fx) => `/api/v1/registry/people/${reg('town2PersonId')(fx)}`,
    (fx) => ({
      version: 1,
      name: '越权',
      idNumber: '11010519491231002X',
      residenceType: 'registered',
      addressId: reg('town2AddressId')(fx),
    }),
  ),
  'POST /api/v1/registry/people/:id/unmask': regObject(
    'town1',
    'POST',
    (fx) => `/api/v1/registry/people/${reg('town2PersonId')(fx)}/unmask`,
    () => ({ field: 'idNumber', reason: '越权查看' }),
  ),
  'GET /api/v1/registry/people/:id/360': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/people/${reg('town2PersonId')(fx)}/360`,
  ),
  'GET /api/v1/registry/houses': regList('town1', '/api/v1/registry/houses?pageSize=200'),
  'POST /api/v1/registry/houses': regObject(
    'grid',
    'POST',
    () => '/api/v1/registry/houses',
    (fx) => ({ addressId: reg('town2UnitId')(fx), use: 'vacant' }),
  ),
  'GET /api/v1/registry/houses/:id': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/houses/${reg('town2HouseId')(fx)}`,
  ),
  'POST /api/v1/registry/houses/:id/tenants': regObject(
    'grid',
    'POST',
    (fx) => `/api/v1/registry/houses/${reg('town2HouseId')(fx)}/tenants`,
    (fx) => ({ personIds: [reg('town2PersonId')(fx)] }),
  ),
  'GET /api/v1/registry/organisations': regList('town1', '/api/v1/registry/organisations?pageSize=200'),
  'POST /api/v1/registry/organisations': regObject(
    'grid',
    'POST',
    () => '/api/v1/registry/organisations',
    (fx) => ({ name: '越权公司', type: 'enterprise', addressId: reg('town2AddressId')(fx) }),
  ),
  'GET /api/v1/registry/organisations/:id': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/organisations/${reg('town2OrgId')(fx)}`,
  ),
  'POST /api/v1/registry/people/:id/tags': regObject(
    'grid',
    'POST',
    (fx) => `/api/v1/registry/people/${reg('town2PersonId')(fx)}/tags`,
    () => ({ tag: 'youth', since: '2026-01-01' }),
  ),
  'PATCH /api/v1/registry/tags/:id': regObject(
    'grid',
    'PATCH',
    (fx) => `/api/v1/registry/tags/${reg('town2TagId')(fx)}`,
    () => ({ version: 1, visitEveryDays: 3 }),
  ),
  'GET /api/v1/registry/special': regList('grid', '/api/v1/registry/special'),
  'GET /api/v1/registry/tags/:id/visits': regObject(
    'grid',
    'GET',
    (fx) => `/api/v1/registry/tags/${reg('town2TagId')(fx)}/visits`,
  ),
  'POST /api/v1/registry/tags/:id/visits': regObject(
    'grid',
    'POST',
    (fx) => `/api/v1/registry/tags/${reg('town2TagId')(fx)}/visits`,
    () => ({ visitedAt: '2026-01-02T10:00:00+08:00', findings: '越权走访', anomaly: false }),
  ),
  'GET /api/v1/registry/visit-frequency': {
    kind: 'exempt',
    reason: 'district-wide setting (days per tag), no personal or regional data',
  },
  'PUT /api/v1/registry/visit-frequency': {
    kind: 'exempt',
    reason: 'district-wide setting written by administrators (settings:write), audited',
  },
  'POST /api/v1/registry/imports': {
    kind: 'exempt',
    reason:
      'rows whose address lies outside the importer scope are rejected row by row (registry-import.test.ts)',
  },
  'GET /api/v1/registry/imports': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/registry/imports' }),
    itemPath: (r) => r.path as string,
  },
  'GET /api/v1/registry/imports/template': { kind: 'exempt', reason: 'a header row, no data' },
  'GET /api/v1/registry/imports/:id': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/imports/${reg('town2ImportId')(fx)}`,
  ),
  'GET /api/v1/registry/imports/:id/issues': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/imports/${reg('town2ImportId')(fx)}/issues`,
  ),
  'GET /api/v1/registry/imports/:id/issues.csv': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/imports/${reg('town2ImportId')(fx)}/issues.csv`,
  ),
  'GET /api/v1/registry/people/export': {
    kind: 'exempt',
    reason: 'an Excel file, not JSON; it reads through the scoped people query (registry-import.test.ts)',
  },
  'GET /api/v1/registry/stats/population': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/stats/population?regionPath=${fx.town2Path}&level=community`,
  ),
  'GET /api/v1/registry/stats/special-density': regObject(
    'town1',
    'GET',
    (fx) => `/api/v1/registry/stats/special-density?regionPath=${fx.town2Path}&level=community`,
  ),
} satisfies Record<string, ScopeCase>);

// Disputes (issue #5): town-2 objects come from the disputes hook in scope-fixtures.ts.
const disputeInTown2 = (path: string, payload?: object, method = 'POST') => ({
  kind: 'object' as const,
  as: 'town1',
  request: (_t: TestApp, fx: Fixtures) => ({
    method: method as 'POST',
    url: path.replace(':id', String(fx.extra.town2DisputeId)),
    ...(payload ? { payload } : {}),
  }),
  expect: 404 as const,
});
const regionPathOf = (item: Record<string, unknown>) => item.regionPath as string;
/** A 1×1 transparent PNG: enough to pass body validation (the scope check answers before the image is read). */
const TINY_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

Object.assign(SCOPE_CASES, {
  'GET /api/v1/disputes': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/disputes?pageSize=200' }),
    itemPath: regionPathOf,
    nonEmpty: true,
  },
  'POST /api/v1/disputes': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/disputes',
      payload: {
        title: '越权登记',
        type: 'neighbour',
        facts: '越权',
        regionId: fx.town2GridId,
        parties: [
          { kind: 'person', role: '申请人', name: '甲', address: '临江' },
          { kind: 'person', role: '被申请人', name: '乙', address: '临江' },
        ],
      },
    }),
    expect: 404,
  },
  'POST /api/v1/disputes/from-event/:eventId': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/disputes/from-event/${fx.extra.town2DisputeLeadEventId}`,
      payload: {
        type: 'land',
        parties: [
          { kind: 'person', role: '申请人', name: '甲', address: '临江' },
          { kind: 'person', role: '被申请人', name: '乙', address: '临江' },
        ],
      },
    }),
    expect: 404,
  },
  'GET /api/v1/disputes/stats': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'GET',
      url: `/api/v1/disputes/stats?regionPath=${fx.town2Path}&from=2026-01-01&to=2026-12-31`,
    }),
    expect: 404,
  },
  'GET /api/v1/disputes/:id': disputeInTown2('/api/v1/disputes/:id', undefined, 'GET'),
  'GET /api/v1/disputes/:id/candidates': disputeInTown2('/api/v1/disputes/:id/candidates', undefined, 'GET'),
  'GET /api/v1/disputes/:id/filing-draft': disputeInTown2(
    '/api/v1/disputes/:id/filing-draft',
    undefined,
    'GET',
  ),
  'POST /api/v1/disputes/:id/sessions': disputeInTown2('/api/v1/disputes/:id/sessions', {
    startsAt: '2026-12-01T09:00:00+08:00',
    place: '调解室',
    participants: [{ role: '申请人', name: '甲' }],
  }),
  'POST /api/v1/disputes/sessions/:id/record': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/disputes/sessions/${fx.extra.town2SessionId}/record`,
      payload: {
        endsAt: '2026-12-01T10:00:00+08:00',
        entries: [{ speaker: '甲', text: '越权' }],
        outcome: '越权',
      },
    }),
    expect: 404,
  },
  'POST /api/v1/disputes/:id/notice': disputeInTown2('/api/v1/disputes/:id/notice', {}),
  'POST /api/v1/disputes/:id/agreement': disputeInTown2('/api/v1/disputes/:id/agreement', {
    issues: '越权',
    responsibilities: '越权',
    agreedItems: ['越权'],
    performance: { manner: '转账', deadline: '2026-12-31' },
  }),
  'GET /api/v1/disputes/:id/signing': disputeInTown2('/api/v1/disputes/:id/signing', undefined, 'GET'),
  'POST /api/v1/disputes/:id/signing/:signerId/sign': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/disputes/${fx.extra.town2DisputeId}/signing/${fx.extra.town2SignerId}/sign`,
      payload: { image: `data:image/png;base64,${TINY_PNG}` },
    }),
    expect: 404,
  },
  'POST /api/v1/disputes/:id/signing/:signerId/link': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/disputes/${fx.extra.town2DisputeId}/signing/${fx.extra.town2SignerId}/link`,
      payload: {},
    }),
    expect: 404,
  },
  'POST /api/v1/disputes/:id/agreement/seal': disputeInTown2('/api/v1/disputes/:id/agreement/seal', {}),
  'POST /api/v1/disputes/:id/oral-agreement': disputeInTown2('/api/v1/disputes/:id/oral-agreement', {
    place: '现场',
    startsAt: '2026-12-01T09:00:00+08:00',
    endsAt: '2026-12-01T09:30:00+08:00',
    entries: [{ speaker: '甲', text: '越权' }],
    outcome: '越权',
    agreedItems: ['越权'],
    waivedBy: [1, 2],
    performedOnTheSpot: true,
  }),
  'POST /api/v1/disputes/:id/oral-agreement/written': disputeInTown2(
    '/api/v1/disputes/:id/oral-agreement/written',
    { issues: '越权', responsibilities: '越权' },
  ),
  'POST /api/v1/disputes/:id/confirmation/submit': disputeInTown2(
    '/api/v1/disputes/:id/confirmation/submit',
    {},
  ),
  'GET /api/v1/sign/:token': {
    kind: 'exempt',
    reason:
      'public one-time signing link: the random token is the only key, it names one signer of one draft',
  },
  'POST /api/v1/sign/:token': {
    kind: 'exempt',
    reason:
      'public one-time signing link: the random token is the only key, it names one signer of one draft',
  },
  'GET /api/v1/mediation/admin/orgs': {
    kind: 'list',
    as: 'townadmin1',
    request: () => ({ method: 'GET', url: '/api/v1/mediation/admin/orgs' }),
    itemPath: regionPathOf,
    nonEmpty: true,
  },
  'POST /api/v1/mediation/orgs': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/mediation/orgs',
      payload: {
        name: '越权调解中心',
        shortName: '越权',
        level: 'town',
        kind: 'centre',
        mediationTypes: ['people'],
        specialties: ['general'],
        regionId: fx.town2RegionId,
      },
    }),
    expect: 404,
  },
  'PATCH /api/v1/mediation/orgs/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/mediation/orgs/${fx.extra.town2MediationOrgId}`,
      payload: { version: 1, phone: '0592-1234567' },
    }),
    expect: 404,
  },
  'GET /api/v1/mediation/admin/mediators': {
    kind: 'list',
    as: 'townadmin1',
    request: () => ({ method: 'GET', url: '/api/v1/mediation/admin/mediators' }),
    itemPath: regionPathOf,
    nonEmpty: true,
  },
  'POST /api/v1/mediation/mediators': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/mediation/mediators',
      payload: {
        userId: fx.town2UserId,
        orgId: fx.extra.town2MediationOrgId,
        regionId: fx.town2RegionId,
        specialties: ['general'],
        maxLoad: 5,
      },
    }),
    expect: 404,
  },
  'PATCH /api/v1/mediation/mediators/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/mediation/mediators/${fx.extra.outsideMediatorId}`,
      payload: { version: 1, maxLoad: 3 },
    }),
    expect: 404,
  },
  'PATCH /api/v1/disputes/screening/schedules/:id': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'PATCH',
      url: `/api/v1/disputes/screening/schedules/${fx.extra.town2ScheduleId}`,
      payload: { version: 1, everyDays: 10 },
    }),
    expect: 404,
  },
  'POST /api/v1/disputes/:id/follow-ups': disputeInTown2('/api/v1/disputes/:id/follow-ups', {
    visitedOn: '2026-11-23',
    performance: 'performed',
    note: '越权',
  }),
  'POST /api/v1/disputes/:id/confirmation': disputeInTown2('/api/v1/disputes/:id/confirmation', {
    court: '示范区人民法院',
    applicantPartyIds: [1, 2],
  }),
  'GET /api/v1/confirmations': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/confirmations?pageSize=200' }),
    itemPath: regionPathOf,
  },
  'GET /api/v1/confirmations/:id': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({ method: 'GET', url: `/api/v1/confirmations/${fx.extra.town2ConfirmationId}` }),
    expect: 404,
  },
  'POST /api/v1/confirmations/:id/ruling': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/confirmations/${fx.extra.town2ConfirmationId}/ruling`,
      payload: { decision: 'confirm', findings: '越权', clerk: '甲' },
    }),
    expect: 403,
  },
  'GET /api/v1/mediation/orgs': {
    kind: 'exempt',
    reason: 'the mediation network is a public directory like the territory (PUBLIC_READ_TABLES)',
  },
  'GET /api/v1/mediation/mediators': {
    kind: 'exempt',
    reason: 'the mediation network is a public directory like the territory (PUBLIC_READ_TABLES)',
  },
  'GET /api/v1/disputes/screening/schedules': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/disputes/screening/schedules' }),
    itemPath: regionPathOf,
    nonEmpty: true,
  },
  'POST /api/v1/disputes/screening/schedules': {
    kind: 'object',
    as: 'townadmin1',
    request: (_t, fx) => ({
      method: 'POST',
      url: '/api/v1/disputes/screening/schedules',
      payload: { regionId: fx.town2RegionId, level: 'town', startOn: '2026-11-23' },
    }),
    expect: 404,
  },
  'GET /api/v1/disputes/screening/tasks': {
    kind: 'list',
    as: 'town1',
    request: () => ({ method: 'GET', url: '/api/v1/disputes/screening/tasks?pageSize=200' }),
    itemPath: regionPathOf,
    nonEmpty: true,
  },
  'POST /api/v1/disputes/screening/tasks/:id/complete': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/disputes/screening/tasks/${fx.extra.town2TaskId}/complete`,
      payload: { zeroReport: true },
    }),
    expect: 404,
  },
  'POST /api/v1/disputes/screening/tasks/:id/disputes': {
    kind: 'object',
    as: 'town1',
    request: (_t, fx) => ({
      method: 'POST',
      url: `/api/v1/disputes/screening/tasks/${fx.extra.town2TaskId}/disputes`,
      payload: {
        title: '越权',
        type: 'neighbour',
        facts: '越权',
        regionId: fx.town2GridId,
        parties: [
          { kind: 'person', role: '申请人', name: '甲', address: '临江' },
          { kind: 'person', role: '被申请人', name: '乙', address: '临江' },
        ],
      },
    }),
    expect: 404,
  },
} satisfies Record<string, ScopeCase>);
