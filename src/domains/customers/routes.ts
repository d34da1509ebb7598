// A customer's record with their timeline across channels. The record comes with the first
// page of the timeline; later pages are the inbox list filtered to the customer
// (GET /conversations?customer=<id>&cursor=), so there is one list and one cursor format.
import { z } from 'zod';
import { customerView } from '../../contract/conversations.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import { listConversationsQuery } from '../conversations/schema.js';
import { customerWithConversations, eraseCustomer, searchCustomers } from './service.js';
import { customerSearchPage } from '../../contract/customers.js';
import { rateLimitPerMinute } from '../../platform/http/rate-limit.js';
import { storableText } from '../../platform/schemas.js';

/**
 * Searches per staff client and minute: a supervisor typing a name searches a few times a
 * second at most (the screen waits for a pause); a script walking the customer list is slowed.
 */
const SEARCHES_PER_MINUTE = 120;

const searchQuery = z.object({
  q: storableText().trim().max(200).default('').describe('Part of a name or an email address, any case; empty: every customer'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export async function customerRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
  app.get(
    '/customers',
    {
      preHandler: requireStaff('admin', 'supervisor'),
      config: rateLimitPerMinute(SEARCHES_PER_MINUTE),
      schema: {
        tags: ['customers'],
        summary: 'Search the library’s customers by name or email (supervisors and admins), newest first',
        querystring: searchQuery,
        response: { 200: customerSearchPage },
      },
    },
    async (request) =>
      searchCustomers(db, staffOf(request).libraryId, { query: request.query.q, limit: request.query.limit, cursor: request.query.cursor }),
  );

  app.get(
    '/customers/:id',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['customers'],
        summary: 'A customer and the first page of their conversations in every channel, latest activity first',
        params: z.object({ id: z.string().uuid() }),
        querystring: listConversationsQuery.pick({ limit: true }),
        response: { 200: customerView },
      },
    },
    async (request) => customerWithConversations(db, staffOf(request).libraryId, request.params.id, request.query.limit),
  );

  app.delete(
    '/customers/:id',
    {
      preHandler: requireStaff('admin', 'supervisor'),
      schema: {
        tags: ['customers'],
        summary: 'Erase a customer and all their conversations and messages (right to erasure); audited',
        params: z.object({ id: z.string().uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await eraseCustomer(db, staffOf(request), request.params.id, deps.bus);
      return reply.status(204).send(null);
    },
  );
}
