// The way out: the adapter registry keyed by channel, the hand-over of a committed staff
// reply to its channel's adapter, and the one place that records how far a delivery got
// and tells staff (a `delivery.changed` event). The conversations service calls `dispatch`
// without knowing the channel; the inbox never branches on it.
import type { Kysely } from 'kysely';
import type { ChannelKind, DB, DeliveryStatus } from '../../../platform/db/types.js';
import type { EventBus } from '../../../platform/events.js';
import { presentDelivery, type DeliveryView } from '../../conversations/presenter.js';
import { DeliveryError, type ChannelAdapter, type OutboundDelivery } from '../adapter.js';
import { markDeliveredUpTo, moveDelivery, type DeliveryRow } from './store.js';

/** Recorded when an adapter throws something other than a DeliveryError. */
export const ADAPTER_ERROR = 'adapter_error';
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

export class Outbound {
  readonly #adapters = new Map<ChannelKind, ChannelAdapter>();
  readonly #db: Kysely<DB>;
  readonly #bus: EventBus;

  constructor(db: Kysely<DB>, bus: EventBus) {
    this.#db = db;
    this.#bus = bus;
  }

  /** Plugs a channel in; a later adapter for the same kind replaces the earlier one. */
  register(adapter: ChannelAdapter): void {
    this.#adapters.set(adapter.kind, adapter);
  }

  /**
   * Hands a committed reply to its channel's live adapter and records the outcome. Never
   * throws: the reply is stored whatever happens here, and the returned delivery says how
   * far it got. Without a live adapter (email and the other channels until their adapters
   * exist, or a queued adapter) the delivery stays queued for the delivery job.
   */
  async dispatch(delivery: OutboundDelivery, current: DeliveryView): Promise<DeliveryView> {
    const adapter = this.#adapters.get(delivery.channel);
    if (!adapter || adapter.mode !== 'live') return current;
    let outcome: { status: DeliveryStatus; error: string | null };
    try {
      outcome = { status: await adapter.deliver(delivery), error: null };
    } catch (error) {
      outcome = { status: 'failed', error: errorCode(error) };
      process.emitWarning(`delivery of a ${delivery.channel} reply failed (${outcome.error}): ${String(error)}`);
    }
    try {
      return (await this.record(delivery.libraryId, delivery.message.id, { ...outcome, attempt: true })) ?? current;
    } catch (error) {
      // The database failed after the reply was stored: it stays queued and is retried.
      process.emitWarning(`delivery outcome could not be recorded: ${String(error)}`);
      return current;
    }
  }

  /** Records a delivery's new status and announces a change to staff. */
  async record(
    libraryId: string,
    messageId: string,
    to: { status: DeliveryStatus; error: string | null; attempt: boolean },
  ): Promise<DeliveryView | undefined> {
    const row = await moveDelivery(this.#db, libraryId, messageId, to);
    if (!row) return undefined;
    if (row.changed) this.#announce(libraryId, row);
    return presentDelivery(row);
  }

  /** Marks a conversation's waiting replies up to `seq` delivered (the customer has them). */
  async deliveredUpTo(libraryId: string, conversationId: string, seq: number): Promise<void> {
    const rows = await markDeliveredUpTo(this.#db, libraryId, conversationId, seq);
    for (const row of rows) this.#announce(libraryId, row);
  }

  #announce(libraryId: string, row: DeliveryRow): void {
    this.#bus.publish({
      type: 'delivery.changed',
      libraryId,
      conversationId: row.conversation_id,
      messageId: row.message_id,
      delivery: presentDelivery(row),
    });
  }
}

function errorCode(error: unknown): string {
  return error instanceof DeliveryError && ERROR_CODE.test(error.code) ? error.code : ADAPTER_ERROR;
}
