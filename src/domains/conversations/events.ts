// The conversations domain's events, and how each crosses to another app instance: as ids,
// re-read from the database there (see platform/event-relay.ts).
import type { Kysely } from 'kysely';
import type { ConversationView, MessageView } from '../../contract/conversations.js';
import type { DB } from '../../platform/db/types.js';
import type { EventCodecs } from '../../platform/event-relay.js';
import { presentWithAttachments } from './attachment-service.js';
import { getConversation } from './service.js';
import { findMessage } from './store.js';

declare module '../../platform/events.js' {
  interface DomainEventMap {
    /** A message was stored (customer, staff reply, note or system event). */
    'message.created': { conversationId: string; message: MessageView };
    /** A conversation's status, assignee or last activity changed, or it was opened. */
    'conversation.changed': { conversationId: string; conversation: ConversationView };
  }
}

export function conversationEventCodecs(db: Kysely<DB>): Pick<EventCodecs, 'message.created' | 'conversation.changed'> {
  return {
    'message.created': {
      ids: (event) => ({ conversationId: event.conversationId, messageId: event.message.id }),
      async rebuild(libraryId, { conversationId, messageId }) {
        if (!conversationId || !messageId) return null;
        const row = await findMessage(db, libraryId, conversationId, messageId);
        if (!row) return null;
        const [message] = await presentWithAttachments(db, libraryId, [row]);
        return { type: 'message.created', libraryId, conversationId, message: message! };
      },
    },
    'conversation.changed': {
      ids: (event) => ({ conversationId: event.conversationId }),
      async rebuild(libraryId, { conversationId }) {
        if (!conversationId) return null;
        // Erased meanwhile: nothing to tell.
        const conversation = await getConversation(db, libraryId, conversationId).catch(() => null);
        return conversation ? { type: 'conversation.changed', libraryId, conversationId, conversation } : null;
      },
    },
  };
}
