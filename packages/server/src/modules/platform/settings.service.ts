import type { z } from 'zod';
import type { Database } from '../../db/client';
import { type Actor, afterCommit, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import type { AuditService } from '../audit/audit.service';
import * as repo from './settings.repo';

/**
 * Run-time settings (security policy, working hours, time limits…). Each key has a zod schema and a
 * default; a stored value is merged over the default. Reads are cached briefly per process.
 */
export function createSettingsService(deps: { db: Database; audit: AuditService; cacheMs?: number }) {
  const { db, audit } = deps;
  const cacheMs = deps.cacheMs ?? 5000;
  const cache = new Map<string, { value: unknown; at: number }>();
  const loading = new Map<string, Promise<unknown>>();

  async function get<T extends object>(key: string, schema: z.ZodType<T>, defaults: T): Promise<T> {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < cacheMs) return hit.value as T;
    const load = async () => {
      const stored = await transaction(db, SYSTEM_ACTOR, () => repo.getSetting(key));
      const merged = { ...defaults, ...((stored as object | undefined) ?? {}) };
      const parsed = schema.safeParse(merged);
      const value = parsed.success ? parsed.data : defaults;
      cache.set(key, { value, at: Date.now() });
      return value;
    };
    // Inside a transaction read in it (it may hold this key's uncommitted change); outside, one read
    // serves every request that finds the cache stale at the same moment (single flight).
    if (inTransaction()) return load();
    const flying = loading.get(key);
    if (flying) return flying as Promise<T>;
    const p = load().finally(() => loading.delete(key));
    loading.set(key, p);
    return p;
  }

  async function put<T extends object>(
    actor: Actor,
    key: string,
    schema: z.ZodType<T>,
    defaults: T,
    value: T,
  ): Promise<T> {
    const checked = schema.parse(value);
    return transaction(db, actor, async () => {
      const before = ((await repo.getSetting(key)) as object | undefined) ?? defaults;
      await repo.putSetting(key, checked, actor.userId);
      await audit.record({
        action: 'settings.update',
        objectType: 'settings',
        objectId: key,
        diff: { before, after: checked },
      });
      afterCommit(() => cache.delete(key));
      return checked;
    });
  }

  return { get, put, clearCache: () => cache.clear() };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
