// A customer's record with their timeline across channels.
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { requireStaff, staffOf } from '../../server/auth.js';
import type { App, AppDeps } from '../../server/context.js';
import { languageSchema } from '../accounts/schema.js';
import { presentConversation } from '../conversations/presenter.js';
import { conversationView } from '../conversations/schema.js';
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
        summary: 'A customer and their conversations in every channel, latest first',
        params: z.object({ id: z.string().uuid() }),
        response: {
          200: z.object({
            id: z.string().uuid(),
            name: z.string().nullable(),
            email: z.string().nullable(),
            preferredLanguage: languageSchema,
            createdAt: z.string(),
            conversations: z.array(conversationView),
          }),
        },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const customer = await findCustomer(db, staff.libraryId, request.params.id);
      if (!customer) throw new AppError('not_found', { what: 'customer' });
      const conversations = await listConversations(db, staff.libraryId, { customerId: customer.id, limit: 100 });
      return {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        preferredLanguage: customer.preferred_language,
        createdAt: customer.created_at.toISOString(),
        conversations: conversations.map(presentConversation),
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
