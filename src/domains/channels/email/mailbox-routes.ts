// The library's mailboxes (admins only: the settings include server passwords, and who may
// see even the server names is the admin's call) and "test connection".
import { z } from 'zod';
import type { App, RouteDeps } from '../../../platform/http/app.js';
import { requireStaff, staffOf } from '../../../platform/http/auth.js';
import { rateLimitPerMinute } from '../../../platform/http/rate-limit.js';
import {
  connectionTestResult,
  createMailboxBody,
  mailboxList,
  mailboxView,
  testMailboxSettingsBody,
  updateMailboxBody,
} from '../../../contract/mailboxes.js';
import {
  createMailbox,
  deleteMailbox,
  getMailbox,
  listMailboxes,
  testSavedMailbox,
  testUnsavedSettings,
  updateMailbox,
} from './mailbox-service.js';

const tags = ['mailboxes'];
/**
 * Connection tests per client and minute: each opens connections from the server to a host and
 * port of the caller's choosing, so they must not become a way to scan a network.
 */
const CONNECTION_TESTS_PER_MINUTE = 30;
const mailboxParams = z.object({ id: z.uuid().describe('Mailbox id') });

/** An If-Match value as sent (`"v"` or `W/"v"` or bare `v`) without its quotes. */
const unquote = (value: string | undefined): string | undefined => value?.replace(/^(W\/)?"(.*)"$/, '$2');

export async function mailboxRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  const admin = requireStaff('admin');

  app.get(
    '/mailboxes',
    { preHandler: admin, schema: { tags, summary: 'The library’s mailboxes (passwords never included)', response: { 200: mailboxList } } },
    async (request) => ({ items: await listMailboxes(db, staffOf(request).libraryId) }),
  );

  app.post(
    '/mailboxes',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Add a mailbox (409 mailbox_address_taken when the library has the address already)',
        body: createMailboxBody,
        response: { 201: mailboxView },
      },
    },
    async (request, reply) => reply.status(201).send(await createMailbox(db, deps.secrets, staffOf(request), request.body)),
  );

  app.get(
    '/mailboxes/:id',
    { preHandler: admin, schema: { tags, summary: 'One mailbox', params: mailboxParams, response: { 200: mailboxView } } },
    async (request) => getMailbox(db, staffOf(request).libraryId, request.params.id),
  );

  app.patch(
    '/mailboxes/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Change a mailbox; passwords: a string sets, null clears, left out keeps',
        params: mailboxParams,
        headers: z.object({
          'if-match': z
            .string()
            .max(200)
            .optional()
            .describe('The version the form was loaded at (the view’s `version`); another one is refused with 409 mailbox_changed'),
        }),
        body: updateMailboxBody,
        response: { 200: mailboxView },
      },
    },
    async (request) =>
      updateMailbox(db, deps.secrets, staffOf(request), request.params.id, request.body, unquote(request.headers['if-match'])),
  );

  app.delete(
    '/mailboxes/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Delete a mailbox (its mail stays in the conversations)',
        params: mailboxParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteMailbox(db, staffOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/mailboxes/:id/test',
    {
      preHandler: admin,
      config: rateLimitPerMinute(CONNECTION_TESTS_PER_MINUTE),
      schema: {
        operationId: 'testMailbox',
        tags,
        summary: 'Test the saved settings: IMAP (connect, sign in, open the folder) and SMTP (connect, sign in); about 10 s at most',
        params: mailboxParams,
        response: { 200: connectionTestResult },
      },
    },
    async (request) => testSavedMailbox(db, deps.secrets, staffOf(request).libraryId, request.params.id),
  );

  app.post(
    '/mailboxes/test',
    {
      preHandler: admin,
      config: rateLimitPerMinute(CONNECTION_TESTS_PER_MINUTE),
      schema: {
        operationId: 'testMailboxSettings',
        tags,
        summary: 'Test settings from the form before saving them',
        body: testMailboxSettingsBody,
        response: { 200: connectionTestResult },
      },
    },
    async (request) => testUnsavedSettings(db, deps.secrets, staffOf(request).libraryId, request.body),
  );
}
