// The customers domain's events, and how each crosses to another app instance (platform/event-relay.ts).
import type { EventCodecs } from '../../platform/event-relay.js';

declare module '../../platform/events.js' {
  interface DomainEventMap {
    /**
     * A customer was erased with all their conversations: every instance closes the customer's
     * open sockets (their token no longer holds). Ids only: the record is gone.
     */
    'customer.erased': { customerId: string };
  }
}

export function customerEventCodecs(): Pick<EventCodecs, 'customer.erased'> {
  return {
    'customer.erased': {
      ids: (event) => ({ customerId: event.customerId }),
      // Nothing to re-read: the record is gone, and the id is all the hub needs.
      rebuild: async (libraryId, { customerId }) => (customerId ? { type: 'customer.erased', libraryId, customerId } : null),
    },
  };
}
