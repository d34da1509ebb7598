// Puts the satisfaction question to chat customers over their widget's socket: when their
// conversation is resolved (the `conversation.changed` event, after commit), and whenever a
// customer connects to a resolved conversation they have not answered yet. Every app instance
// runs one and writes only to the sockets it holds (events reach every instance); recording
// the survey is idempotent, so two instances asking at once make one survey.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import type { EventBus } from '../../platform/events.js';
import { reportBackgroundFailure } from '../../platform/background-failure.js';
import type { CustomerConnection, RealtimeHub } from '../conversations/live-service.js';
import { encodeCustomerFrame } from '../../contract/frames.js';
import { surveyToOffer } from './service.js';

export class SurveyOffers {
  readonly #unsubscribe: (() => void)[];

  constructor(db: Kysely<DB>, bus: EventBus, hub: RealtimeHub) {
    const failed = (error: unknown) => reportBackgroundFailure('satisfaction survey could not be offered', error);
    this.#unsubscribe = [
      bus.on('conversation.changed', (event) => {
        if (event.conversation.status !== 'resolved' || hub.customerSockets(event.conversationId) === 0) return;
        surveyToOffer(db, event.libraryId, event.conversationId).then((offer) => {
          if (offer) hub.tellCustomers(event.conversationId, { type: 'survey', ...offer });
        }, failed);
      }),
      hub.onCustomerJoined((connection: CustomerConnection) => {
        surveyToOffer(db, connection.libraryId, connection.conversationId).then((offer) => {
          // Through the connection: written after the replay the socket is going through.
          if (offer) connection.send(encodeCustomerFrame({ type: 'survey', ...offer }));
        }, failed);
      }),
    ];
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}
