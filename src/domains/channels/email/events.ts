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
      ids: (event) => ({ conversationId: event.conversationId }),
      // Stays in the instance that ingested the mail: a receipt is sent once, by that instance,
      // not once per instance. Staff elsewhere see the mail through the message events.
      rebuild: async () => null,
    },
  };
}
