import type { Lang, Permission } from '@fengqiao/domain';
import type { Actor } from '../../db/context';
import type { AuthState } from '../../modules/users/auth.service';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    auth: AuthState | null;
    actor: Actor;
    /** True when the session came from the cookie (so CSRF applies), false for Bearer tokens. */
    viaCookie: boolean;
  }
  interface FastifyContextConfig {
    /** No session needed. */
    public?: boolean;
    /** Any one of these permissions lets the caller through. */
    permission?: Permission | Permission[];
    /** Unsafe methods replay a stored answer for a repeated Idempotency-Key (default: on). */
    idempotent?: boolean;
    /**
     * The handler does slow work that must not hold a transaction (it renders documents in between its
     * own short transactions): the key is claimed, and later completed or released, in transactions of
     * its own instead of wrapping the handler. A repeat while the first runs gets 409.
     */
    rendersOutsideTransaction?: boolean;
  }
}

/** An actor that sees nothing: scope '' matches no row (app_in_scope returns false). */
export function anonymousActor(ip: string, requestId: string): Actor {
  return { userId: null, username: 'anonymous', roles: [], scopePath: '', departmentId: null, ip, requestId };
}
