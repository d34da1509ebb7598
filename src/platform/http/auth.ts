// Authentication and authorization for staff routes: the session cookie is resolved on
// every request; routes declare who may call them with `preHandler: requireStaff(...)`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { resolveSession, SESSION_COOKIE, type StaffContext } from '../auth/sessions.js';
import type { Role } from '../../contract/kinds.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { App } from './app.js';

export function registerSessionHook(app: App, db: Kysely<DB>): void {
  app.decorateRequest('staff', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.staff = token ? await resolveSession(db, token) : null;
  });
}

/** Marks the preHandlers made by `requireStaff`, so the API description can tell guarded routes (openapi.ts). */
const STAFF_GUARD = Symbol('kanava.staffGuard');

/** A preHandler made by `requireStaff`, carrying the roles it admits (none listed: every role). */
export type StaffGuard = ((request: FastifyRequest, reply: FastifyReply) => Promise<void>) & {
  readonly [STAFF_GUARD]: { readonly roles: readonly Role[] };
};

/** preHandler that admits a signed-in staff member, optionally only with one of `roles`. */
export function requireStaff(...roles: Role[]): StaffGuard {
  const guard = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!request.staff) throw new AppError('unauthenticated');
    if (roles.length > 0 && !roles.includes(request.staff.role)) throw new AppError('forbidden');
  };
  return Object.assign(guard, { [STAFF_GUARD]: { roles } });
}

/** The staff guard among a route's preHandlers (one function or a list), if it has one. */
export function staffGuardOf(preHandler: unknown): { readonly roles: readonly Role[] } | undefined {
  const handlers: unknown[] = Array.isArray(preHandler) ? preHandler : [preHandler];
  for (const handler of handlers) {
    if (typeof handler === 'function' && STAFF_GUARD in handler) return (handler as StaffGuard)[STAFF_GUARD];
  }
  return undefined;
}

/** The staff context of a request that passed `requireStaff`. */
export function staffOf(request: FastifyRequest): StaffContext {
  if (!request.staff) throw new AppError('unauthenticated');
  return request.staff;
}
