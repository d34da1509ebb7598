// POST /conversations/:id/transfer: to a colleague or a queue, with a note (transfer.ts).
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App } from '../../platform/http/app.js';
import { conversationView } from '../../contract/conversations.js';
import { transferBody } from '../queues/schema.js';
import { conversationParams } from './schema.js';
import { conversationDepsOf, type ConversationRouteDeps } from './service.js';
import { transferConversation } from './transfer.js';

export async function transferRoutes(app: App, deps: ConversationRouteDeps): Promise<void> {
  const services = conversationDepsOf(deps);
  app.post(
    '/conversations/:id/transfer',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['conversations'],
        summary:
          'Transfer to a colleague or to a queue (unassigned) with an optional note, kept as an internal note; ' +
          '409 when the colleague is deactivated or not of this library, or the queue is deleted (nothing changes)',
        params: conversationParams,
        body: transferBody,
        response: { 200: conversationView },
      },
    },
    async (request) => transferConversation(services, staffOf(request), request.params.id, request.body),
  );
}
