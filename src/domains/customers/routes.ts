// A customer's record with their timeline across channels. The record comes with the first
// page of the timeline; later pages are the inbox list filtered to the customer
// (GET /conversations?customer=<id>&cursor=), so there is one list and one cursor format.
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { keysetPage } from '../../platform/pagination.js';
import { requireStaff, staffOf } from '../../server/auth.js';
import type { App, AppDeps } from '../../server/context.js';
import { languageSchema } from '../../contract/language-schemas.js';
import { presentConversation } from '../conversations/presenter.js';
import { listConversationsQuery } from '../conversations/schema.js';
import { conversationView } from '../../contract/conversations.js';
import { listConversations } from '../conversations/store.js';
import { writeAudit } from '../audit/audit.js';
import { findCustomer } from './store.js';

export async function customerRoutes(app: App, deps: AppDeps): Promise<void> {
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
        response: {
          200: z.object({
            id: z.string().uuid(),
            name: z.string().nullable(),
            email: z.string().nullable(),
            preferredLanguage: languageSchema,
            createdAt: z.string(),
            conversations: z.array(conversationView),
            nextCursor: z
              .string()
              .nullable()
              .describe('More conversations: GET /conversations?customer=<id>&cursor=<nextCursor>; null when that was all'),
          }),
        },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const customer = await findCustomer(db, staff.libraryId, request.params.id);
      if (!customer) throw new AppError('not_found', { what: 'customer' });
      const { limit } = request.query;
      // The same query, order and cursor as the inbox list, so its nextCursor continues there.
      const rows = await listConversations(db, staff.libraryId, { customerId: customer.id, limit });
      const page = keysetPage(rows, limit, (row) => row.last_message_at);
      return {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        preferredLanguage: customer.preferred_language,
        createdAt: customer.created_at.toISOString(),
        conversations: page.rows.map(presentConversation),
        nextCursor: page.nextCursor,
      };
    },
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
      const staff = staffOf(request);
      await db.transaction().execute(async (trx) => {
        const customer = await findCustomer(trx, staff.libraryId, request.params.id);
        if (!customer) throw new AppError('not_found', { what: 'customer' });
        const conversations = await trx
          .deleteFrom('conversations')
          .where('library_id', '=', staff.libraryId)
          .where('customer_id', '=', customer.id)
          .returning('id')
          .execute();
        await trx.deleteFrom('customers').where('library_id', '=', staff.libraryId).where('id', '=', customer.id).execute();
        // The audit entry names the record but keeps none of its personal data.
        await writeAudit(trx, {
          libraryId: staff.libraryId,
          actorId: staff.accountId,
          action: 'customer.deleted',
          targetType: 'customer',
          targetId: customer.id,
          details: { conversations: conversations.length },
        });
      });
      return reply.status(204).send(null);
    },
  );
}
