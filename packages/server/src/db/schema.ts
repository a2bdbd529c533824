// Every module's tables, for drizzle-kit and the typed ORM. Add a module's schema file here.
export * from '../modules/audit/audit.schema';
export * from '../modules/documents/documents.schema';
export * from '../modules/platform/platform.schema';
export * from '../modules/territory/territory.schema';
export * from '../modules/users/users.schema';
