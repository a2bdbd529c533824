import type { Config } from './config';
import type { Database } from './db/client';
import { createAuditService } from './modules/audit/audit.service';
import { createDocumentsService } from './modules/documents/documents.service';
import { DocumentSigner } from './modules/documents/signing';
import { createSettingsService } from './modules/platform/settings.service';
import { createTerritoryService } from './modules/territory/territory.service';
import { createAuthService } from './modules/users/auth.service';
import { securityDefaults } from './modules/users/security-settings';
import { createUsersService } from './modules/users/users.service';
import type { KeyRing } from './platform/keys';
import { createPasswordHasher } from './platform/passwords';
import { PiiCipher } from './platform/pii';

/** Wires every module's service to its dependencies. Modules talk to each other only through these. */
export function createServices(deps: { config: Config; db: Database; keys: KeyRing }) {
  const { config, db, keys } = deps;
  const pii = new PiiCipher(keys.pii, keys.blindIndex);
  const audit = createAuditService({ db, key: keys.audit });
  const settings = createSettingsService({ db, audit });
  const hasher = createPasswordHasher(config.argon2);
  const territory = createTerritoryService({ db, audit, pii, gridCodeWidth: config.gridCodeWidth });
  const auth = createAuthService({ db, audit, settings, hasher, securityDefaults: securityDefaults(config) });
  const users = createUsersService({ db, audit, auth, territory, hasher, pii });
  const documents = createDocumentsService({
    db,
    audit,
    territory,
    signer: new DocumentSigner(keys.documentSigningPem),
    publicUrl: config.publicUrl,
    orgShort: config.documentOrgShort,
    defaultIssuer: config.documentIssuer,
  });
  return { config, db, keys, pii, audit, settings, hasher, territory, auth, users, documents };
}

export type Services = ReturnType<typeof createServices>;
