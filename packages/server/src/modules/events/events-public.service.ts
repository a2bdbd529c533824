import { z } from 'zod';
import { SYSTEM_ACTOR } from '../../db/context';
import { AppError } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import { RateWindow } from '../../platform/rate-window';
import type { AttachmentsService, UploadedFile } from '../attachments/attachments.service';
import type { SettingsService } from '../platform/settings.service';
import type { EventsService, ReportInput } from './events.service';

export const PUBLIC_UPLOAD_SETTINGS_KEY = 'events.publicUploads';
/**
 * Photos a resident without an account may upload per hour. No statute sets these; they are settings.
 * An address may be a whole residential compound behind one NAT, hence the higher figure per IP.
 */
export const publicUploadSettingsSchema = z.object({
  photosPerIpPerHour: z.number().int().min(1).max(10_000),
  photosPerPhonePerHour: z.number().int().min(1).max(1_000),
  /**
   * Hours an uploaded photo waits for its report; older unclaimed photos are deleted by the
   * `events.publicPhotos.purge` job. Not set by any statute; long enough for a phone's offline queue.
   */
  unclaimedPhotoHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
});
export type PublicUploadSettings = z.infer<typeof publicUploadSettingsSchema>;
export const PUBLIC_UPLOAD_DEFAULTS: PublicUploadSettings = {
  photosPerIpPerHour: 60,
  photosPerPhonePerHour: 18,
  unclaimedPhotoHours: 24,
};
/** The recurring job that deletes photos no report claimed (services.ts, boot.ts). */
export const PURGE_UNCLAIMED_PHOTOS_JOB = 'events.publicPhotos.purge';

export interface PublicPhoto {
  id: number;
  token: string;
}

/**
 * A resident's report with photos, without an account (issue #4). Photos are uploaded first (images
 * only, type decided by content, rate-limited per IP and per phone number) and come back with a token
 * that binds each to the phone number given; they stay unreadable to everyone until the report carrying
 * the same number and token claims them, once. The phone's offline queue keeps ids and tokens, so a
 * resend neither uploads nor files twice (the report carries an Idempotency-Key).
 */
export function createEventPublicService(deps: {
  attachments: AttachmentsService;
  events: EventsService;
  settings: SettingsService;
  pii: PiiCipher;
}) {
  const { attachments, events, settings, pii } = deps;
  const window = new RateWindow(3_600_000);
  const token = (id: number, phone: string) => pii.blindIndex(`${id}:${phone.trim()}`, 'event.publicPhoto');
  const limits = () =>
    settings.get(PUBLIC_UPLOAD_SETTINGS_KEY, publicUploadSettingsSchema, PUBLIC_UPLOAD_DEFAULTS);

  async function uploadPhotos(files: UploadedFile[], from: { phone: string; ip: string }) {
    const l = await limits();
    const n = Math.max(files.length, 1);
    if (!window.take(`ip:${from.ip}`, l.photosPerIpPerHour, n)) throw new AppError('RATE_LIMITED');
    if (!window.take(`phone:${events.phoneIndex(from.phone)}`, l.photosPerPhonePerHour, n))
      throw new AppError('RATE_LIMITED');
    const rows = await attachments.uploadPublic(files);
    return rows.map((r) => ({
      id: r.id,
      token: token(r.id, from.phone),
      name: r.name,
      size: r.size,
      width: r.width,
      height: r.height,
    }));
  }

  async function report(
    input: Omit<ReportInput, 'channel' | 'attachments' | 'externalRef'> & { reporterPhone: string },
    photos: readonly PublicPhoto[],
  ) {
    for (const p of photos)
      if (p.token !== token(p.id, input.reporterPhone))
        throw new AppError('EVENT_PHOTO_UPLOAD_INVALID', { id: p.id });
    const ids = [...new Set(photos.map((p) => p.id))];
    try {
      return await attachments.withPublicUploads(ids, () =>
        events.report(SYSTEM_ACTOR, { ...input, channel: 'app', attachments: ids }),
      );
    } catch (e) {
      // Claimed already (a second report with the same photo) or never uploaded.
      if (e instanceof AppError && e.code === 'CASE_ATTACHMENT_INVALID')
        throw new AppError('EVENT_PHOTO_UPLOAD_INVALID', e.params);
      throw e;
    }
  }

  /** Deletes the photos no report claimed within the `unclaimedPhotoHours` setting, as of `now`. */
  async function purgeUnclaimedPhotos(now: Date) {
    const { unclaimedPhotoHours } = await limits();
    return attachments.purgeUnclaimedPublic(new Date(now.getTime() - unclaimedPhotoHours * 3_600_000));
  }

  return { uploadPhotos, report, purgeUnclaimedPhotos };
}

export type EventPublicService = ReturnType<typeof createEventPublicService>;
