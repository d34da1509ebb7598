// The channels' events, and how each crosses to another app instance (platform/event-relay.ts).
import type { Kysely } from 'kysely';
import type { DeliveryView } from '../../contract/conversations.js';
import type { DB } from '../../platform/db/types.js';
import type { EventCodecs } from '../../platform/event-relay.js';
import { presentDelivery } from '../conversations/service.js';
import { findDelivery } from './deliveries/store.js';

declare module '../../platform/events.js' {
  interface DomainEventMap {
    /** A staff reply's delivery moved (queued → delivered, failed, …); staff only, never customers. */
    'delivery.changed': { conversationId: string; messageId: string; delivery: DeliveryView };
  }
}

export function channelEventCodecs(db: Kysely<DB>): Pick<EventCodecs, 'delivery.changed'> {
  return {
    'delivery.changed': {
      ids: (event) => ({ conversationId: event.conversationId, messageId: event.messageId }),
      async rebuild(libraryId, { messageId }) {
        if (!messageId) return null;
        const row = await findDelivery(db, libraryId, messageId);
        return row
          ? {
              type: 'delivery.changed',
              libraryId,
              conversationId: row.conversation_id,
              messageId: row.message_id,
              delivery: presentDelivery(row),
            }
          : null;
      },
    },
  };
}
