// Staff administration by a library admin: list, create, change role, deactivate.
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { presentAccount } from './presenter.js';
import { createAccountBody, idParams, updateAccountBody } from './schema.js';
import { accountView } from '../../contract/accounts.js';
import { createAccount, listStaff, updateAccount } from './service.js';

const tags = ['accounts'];

export async function accountRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/accounts',
    {
      preHandler: requireStaff('admin', 'supervisor'),
      schema: { tags, summary: 'Staff accounts of the library', response: { 200: z.object({ items: z.array(accountView) }) } },
    },
    async (request) => ({ items: await listStaff(db, staffOf(request).libraryId) }),
  );

  app.post(
    '/accounts',
    {
      preHandler: requireStaff('admin'),
      schema: { tags, summary: 'Create a staff account', body: createAccountBody, response: { 201: accountView } },
    },
    async (request, reply) => {
      const row = await createAccount(db, staffOf(request), request.body);
      return reply.status(201).send(presentAccount(row));
    },
  );

  app.patch(
    '/accounts/:id',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Change name, role or language, or deactivate/reactivate an account',
        params: idParams,
        body: updateAccountBody,
        response: { 200: accountView },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      if (request.params.id === staff.accountId && (request.body.active === false || request.body.role)) {
        throw new AppError('conflict', { reason: 'own_account' });
      }
      return presentAccount(await updateAccount(db, staff, request.params.id, request.body, deps.bus));
    },
  );
}
