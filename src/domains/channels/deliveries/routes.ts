// Staff's "try again" on a reply whose delivery failed: it is queued again, due now, and
// the delivery job sends it within a second (the `delivery` frame tells every staff app).
import { z } from 'zod';
import { deliveryView } from '../../../contract/conversations.js';
import { AppError } from '../../../platform/errors.js';
import { requireStaff, staffOf } from '../../../platform/http/auth.js';
import type { App, RouteDeps } from '../../../platform/http/app.js';
import { presentDelivery } from '../../conversations/service.js';
import type { Outbound } from './outbound.js';

const retryParams = z.object({
  id: z.string().uuid().describe('Conversation id'),
  messageId: z.string().uuid().describe('The staff reply whose delivery failed'),
});

export async function deliveryRoutes(app: App, deps: RouteDeps & { outbound: Outbound }): Promise<void> {
  app.post(
    '/conversations/:id/messages/:messageId/delivery/retry',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['conversations'],
        operationId: 'retryDelivery',
        summary: 'Send a reply whose delivery failed again (409 delivery_not_failed when it has not failed)',
        params: retryParams,
        response: { 200: deliveryView },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const row = await deps.outbound.requeue(staff.libraryId, request.params.id, request.params.messageId);
      if (!row) throw new AppError('not_found', { what: 'delivery' });
      if (!row.changed) throw new AppError('conflict', { reason: 'delivery_not_failed', status: row.status });
      return presentDelivery(row);
    },
  );
}
