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

/** preHandler that admits a signed-in staff member, optionally only with one of `roles`. */
export function requireStaff(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!request.staff) throw new AppError('unauthenticated');
    if (roles.length > 0 && !roles.includes(request.staff.role)) throw new AppError('forbidden');
  };
}

/** The staff context of a request that passed `requireStaff`. */
export function staffOf(request: FastifyRequest): StaffContext {
  if (!request.staff) throw new AppError('unauthenticated');
  return request.staff;
}
