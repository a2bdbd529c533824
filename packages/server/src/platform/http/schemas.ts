import { z } from 'zod';

/** Shared request pieces. Bodies are strict objects: an unknown field is a 400, not silently dropped. */
export const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const versionField = z.number().int().min(1);

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export function paged<T>(rows: T[], total: number, page: number, pageSize: number) {
  return { items: rows, total, page, pageSize };
}
