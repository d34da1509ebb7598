// The email channel's events. `mail.received` says a mail opened a conversation; the
// automatic receipt ("we got your message") listens for it.
import type { EventCodecs } from '../../../platform/event-relay.js';
import type { MailOutcome } from './ingest-outcome.js';

declare module '../../../platform/events.js' {
  interface DomainEventMap {
    /** An incoming mail opened a new conversation (outcome `created`). */
    'mail.received': { conversationId: string; mailboxId: string | null; outcome: MailOutcome };
  }
}

export function emailEventCodecs(): Pick<EventCodecs, 'mail.received'> {
  return {
    'mail.received': {
      // Stays in the instance that ingested the mail (it only wakes that instance's delivery
      // job); staff elsewhere see the mail through the message events.
      local: true,
      ids: (event) => ({ conversationId: event.conversationId }),
      rebuild: async () => null,
    },
  };
}
