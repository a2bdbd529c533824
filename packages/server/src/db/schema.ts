// Every module's tables, for drizzle-kit and the typed ORM. Add a module's schema file here.

export * from '../modules/attachments/attachments.schema';
export * from '../modules/audit/audit.schema';
export * from '../modules/calendar/calendar.schema';
export * from '../modules/cases/cases.schema';
export * from '../modules/documents/documents.schema';
export * from '../modules/events/events.schema';
export * from '../modules/events/events-ops.schema';
export * from '../modules/extensions/extensions.schema';
export * from '../modules/jobs/jobs.schema';
export * from '../modules/messages/messages.schema';
export * from '../modules/platform/platform.schema';
export * from '../modules/registry/registry.schema';
export * from '../modules/territory/territory.schema';
export * from '../modules/users/users.schema';
