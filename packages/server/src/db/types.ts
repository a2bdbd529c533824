import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL `ltree` (available in both engines): region paths such as `350199.350199001`. */
export const ltree = customType<{ data: string; driverData: string }>({
  dataType: () => 'ltree',
});

/** `bytea` for ciphertexts and hashes; both drivers hand back a Uint8Array/Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
