// Staff sign-in, sign-out, "who am I" and password change.
import { z } from 'zod';
import { SESSION_COOKIE, SESSION_TTL_MS, deleteSession } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { rateLimitPerMinute } from '../../platform/http/rate-limit.js';
import { writeAudit } from '../audit/service.js';
import { findLibraryBrief } from '../libraries/service.js';
import { changePasswordBody, loginBody } from './schema.js';
import { meView } from '../../contract/accounts.js';
import { changePassword, findAccountView, signIn } from './service.js';

const tags = ['auth'];

export async function authRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;

  async function me(libraryId: string, accountId: string) {
    const [account, library] = await Promise.all([findAccountView(db, libraryId, accountId), findLibraryBrief(db, libraryId)]);
    if (!account || !library) throw new AppError('unauthenticated');
    return { account, library };
  }

  app.post(
    '/auth/login',
    {
      // Slows password guessing: few attempts per client per minute.
      config: rateLimitPerMinute(deps.config.loginRateLimit),
      schema: { tags, summary: 'Sign in with email and password', body: loginBody, response: { 200: meView } },
    },
    async (request, reply) => {
      const { token, account } = await signIn(db, request.body);
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.secureCookies,
        maxAge: Math.floor(SESSION_TTL_MS / 1000),
      });
      return me(account.library_id, account.id);
    },
  );

  app.post('/auth/logout', { schema: { tags, summary: 'Sign out this session', response: { 204: z.null() } } }, async (request, reply) => {
    if (request.staff) {
      const { libraryId, accountId } = request.staff;
      await deleteSession(db, request.staff.sessionHash);
      // This session's open sockets (on any instance) find it gone and close.
      deps.bus.publish({ type: 'account.access_changed', libraryId, accountId });
      await writeAudit(db, {
        libraryId,
        actorId: accountId,
        action: 'auth.sign_out',
        targetType: 'account',
        targetId: accountId,
      });
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get(
    '/auth/me',
    { preHandler: requireStaff(), schema: { tags, summary: 'The signed-in account and its library', response: { 200: meView } } },
    async (request) => {
      const staff = staffOf(request);
      return me(staff.libraryId, staff.accountId);
    },
  );

  app.post(
    '/auth/password',
    {
      preHandler: requireStaff(),
      config: rateLimitPerMinute(deps.config.loginRateLimit),
      schema: { tags, summary: 'Change own password (signs out other sessions)', body: changePasswordBody, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      await changePassword(db, staff, request.body);
      // Like the other sessions, their sockets close; this session's sockets stay open.
      deps.bus.publish({ type: 'account.access_changed', libraryId: staff.libraryId, accountId: staff.accountId });
      return reply.status(204).send(null);
    },
  );
}
