// The accounts domain's events, and how each crosses to another app instance (platform/event-relay.ts).
import type { EventCodecs } from '../../platform/event-relay.js';

declare module '../../platform/events.js' {
  interface DomainEventMap {
    /**
     * What an account may see changed: a session signed out, the password or role changed,
     * or the account was deactivated. Ids only: every instance re-checks the sessions of that
     * account's open sockets against the database, which says what is still allowed.
     */
    'account.access_changed': { accountId: string };
  }
}

export function accountEventCodecs(): Pick<EventCodecs, 'account.access_changed'> {
  return {
    'account.access_changed': {
      ids: (event) => ({ accountId: event.accountId }),
      // Nothing to re-read: each instance re-checks the account's sessions itself.
      rebuild: async (libraryId, { accountId }) => (accountId ? { type: 'account.access_changed', libraryId, accountId } : null),
    },
  };
}
