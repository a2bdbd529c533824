import type { Role } from '@fengqiao/domain/identity/roles';
import { api, type Query } from '@/shared/api/client';
import type { Paged, UserView } from '@/shared/api/types';

export interface UserCreate {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  scopeRegionId: number;
  departmentId?: number | null;
  phone?: string | null;
}

export interface UserPatch {
  version: number;
  displayName?: string;
  roles?: Role[];
  scopeRegionId?: number;
  departmentId?: number | null;
  status?: 'active' | 'disabled';
  phone?: string | null;
}

export const usersApi = {
  list: (q: Query) => api.get<Paged<UserView>>('/api/v1/users', q),
  create: (body: UserCreate, key: string) =>
    api.post<UserView>('/api/v1/users', body, { idempotencyKey: key }),
  update: (id: number, body: UserPatch) => api.patch<UserView>(`/api/v1/users/${id}`, body),
  resetPassword: (id: number, password: string) =>
    api.post<{ ok: true }>(`/api/v1/users/${id}/reset-password`, { password }),
  unlock: (id: number) => api.post<{ ok: true; wasLocked: boolean }>(`/api/v1/users/${id}/unlock`),
};

/** A random password that meets the default policy (upper, lower, digit, symbol; 12 characters). */
export function randomPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%&*+=?'];
  const all = sets.join('');
  const pickFrom = (s: string) => s[crypto.getRandomValues(new Uint32Array(1))[0]! % s.length]!;
  const chars = sets.map(pickFrom);
  while (chars.length < 12) chars.push(pickFrom(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
