// The web chat as an outbound channel. A reply is delivered when it was written to an open
// widget socket of its conversation; with no widget open it stays queued, and is delivered
// when the widget reconnects and the replay hands it over. The frame itself is sent by the
// realtime hub for every new message (in whichever instance holds the customer's socket);
// this adapter only reports what the hub did.
import type { RealtimeHub } from '../../conversations/live-service.js';
import type { ChannelAdapter } from '../adapter.js';
import type { OutboundDelivery } from '../../conversations/service.js';
import type { Outbound } from '../deliveries/outbound.js';
import { reportBackgroundFailure } from '../../../platform/background-failure.js';

export class ChatAdapter implements ChannelAdapter {
  readonly kind = 'chat';
  readonly mode = 'live';
  readonly #hub: RealtimeHub;
  readonly #outbound: Outbound;
  readonly #unsubscribe: () => void;

  constructor(hub: RealtimeHub, outbound: Outbound) {
    this.#hub = hub;
    this.#outbound = outbound;
    // The instance that stored the reply may not be the one holding the widget's socket
    // (several instances on PostgreSQL): the one that wrote the frame records it.
    this.#unsubscribe = hub.onCustomerMessage((libraryId, message) => {
      if (message.kind !== 'staff') return;
      this.#outbound
        .record(libraryId, message.id, { status: 'delivered', error: null, attempt: false })
        .catch((error: unknown) => reportBackgroundFailure('chat delivery could not be recorded', error));
    });
  }

  /**
   * Runs after the reply was published, when the hub has already written it to the
   * conversation's open sockets in this instance (an open socket may still have dropped it).
   */
  async deliver(delivery: OutboundDelivery): Promise<'delivered' | 'queued'> {
    return this.#hub.wroteToCustomer(delivery.conversationId, delivery.message.id) ? 'delivered' : 'queued';
  }

  /**
   * The widget has every message up to `seq` (replayed now, or seen before it reconnected):
   * its waiting replies are delivered. Never rejects; a failure leaves them queued.
   */
  async caughtUp(libraryId: string, conversationId: string, seq: number): Promise<void> {
    await this.#outbound
      .deliveredUpTo(libraryId, conversationId, seq)
      .catch((error: unknown) => reportBackgroundFailure('chat replay delivery could not be recorded', error));
  }

  close(): void {
    this.#unsubscribe();
  }
}
