// A customer's record with their timeline across channels. The record comes with the first
// page of the timeline; later pages are the inbox list filtered to the customer
// (GET /conversations?customer=<id>&cursor=), so there is one list and one cursor format.
import { z } from 'zod';
import { customerView } from '../../contract/conversations.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import { listConversationsQuery } from '../conversations/schema.js';
import { customerWithConversations, eraseCustomer } from './service.js';

export async function customerRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;
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
