import { eq } from 'drizzle-orm';
import { tx } from '../../db/context';
import { settings } from './platform.schema';

export async function getSetting(key: string): Promise<unknown | undefined> {
  const [r] = await tx()
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, key))
    .limit(1);
  return r?.value;
}

export async function putSetting(key: string, value: unknown, userId: number | null): Promise<void> {
  await tx()
    .insert(settings)
    .values({ key, value, updatedBy: userId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: userId, updatedAt: new Date() } });
}
