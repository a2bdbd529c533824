/**
 * Feature modules of the phone pages. To add one: create `src/modules/<id>/mobile.ts` exporting a
 * `MobileModule` (routes + home-page entries, each guarded by a permission) and add it to this list.
 */
import documents from '@/modules/documents/mobile';
import events from '@/modules/events/mobile';
import registry from '@/modules/registry/mobile';
import type { MobileEntry, MobileModule } from '@/shared/modules/types';

export const mobileModules: MobileModule[] = [documents, events, registry];

export function mobileEntries(): MobileEntry[] {
  return mobileModules.flatMap((m) => m.entries ?? []).sort((a, b) => a.order - b.order);
}
