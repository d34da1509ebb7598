// The way out: the adapter registry keyed by channel, the hand-over of a committed staff
// reply to its channel's adapter, and the one place that records how far a delivery got
// and tells staff (a `delivery.changed` event). The conversations service calls `dispatch`
// without knowing the channel; the inbox never branches on it.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { DeliveryView } from '../../../contract/conversations.js';
import type { ChannelKind, DeliveryStatus } from '../../../contract/kinds.js';
import type { EventBus } from '../../../platform/events.js';
import { presentDelivery, type OutboundDelivery } from '../../conversations/service.js';
import { DeliveryError, type ChannelAdapter } from '../adapter.js';
import { markDeliveredUpTo, moveDelivery, type DeliveryRow } from './store.js';

/**
 * Where delivery problems are reported (the app's logger fits). Only codes and error names
 * go there: an adapter's error message can hold an address ("mail server refused asiakas@…").
 */
export interface DeliveryLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Until the app's logger is attached: the same details, still without any message text. */
const warningLog: DeliveryLog = {
  warn: (details, message) => process.emitWarning(`${message} ${JSON.stringify(details)}`),
};

/** Recorded when an adapter throws something other than a DeliveryError. */
export const ADAPTER_ERROR = 'adapter_error';
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
/** A code as libraries set them (SQLSTATE `23505`, `ECONNREFUSED`, `smtp_rejected`): no room for an address. */
const ERROR_CODE_LIKE = /^[A-Za-z0-9_]{1,64}$/;

export class Outbound {
  readonly #adapters = new Map<ChannelKind, ChannelAdapter>();
  readonly #db: Kysely<DB>;
  readonly #bus: EventBus;
  #log: DeliveryLog;

  constructor(db: Kysely<DB>, bus: EventBus, log: DeliveryLog = warningLog) {
    this.#db = db;
    this.#bus = bus;
    this.#log = log;
  }

  /** Reports to the app's logger from now on (it exists only once the app is built). */
  useLog(log: DeliveryLog): void {
    this.#log = log;
  }

  /**
   * Plugs a channel in; a later adapter for the same kind replaces the earlier one. The
   * returned function unplugs it again and puts back the one it replaced.
   */
  register(adapter: ChannelAdapter): () => void {
    const replaced = this.#adapters.get(adapter.kind);
    this.#adapters.set(adapter.kind, adapter);
    return () => {
      if (this.#adapters.get(adapter.kind) !== adapter) return;
      if (replaced) this.#adapters.set(adapter.kind, replaced);
      else this.#adapters.delete(adapter.kind);
    };
  }

  /**
   * Hands a committed reply to its channel's live adapter and records the outcome. Never
   * throws: the reply is stored whatever happens here, and the returned delivery says how
   * far it got. Without a live adapter (email and the other channels until their adapters
   * exist, or a queued adapter) the delivery stays queued for the delivery job.
   *
   * Writes only a failure or a change: an adapter that reports the status the reply already
   * has (chat with no widget open in this instance: `queued`) tried nothing, so neither the
   * row nor `attempts` changes. A chat reply written to an open widget is also recorded by
   * the hub listener (chat/adapter.ts); whichever of the two comes second writes nothing.
   */
  async dispatch(delivery: OutboundDelivery, current: DeliveryView): Promise<DeliveryView> {
    const adapter = this.#adapters.get(delivery.channel);
    if (!adapter || adapter.mode !== 'live') return current;
    let outcome: { status: DeliveryStatus; error: string | null; attempt: boolean };
    try {
      const status = await adapter.deliver(delivery);
      if (status === current.status) return current;
      outcome = { status, error: null, attempt: false };
    } catch (error) {
      outcome = { status: 'failed', error: errorCode(error), attempt: true };
      this.#log.warn({ channel: delivery.channel, code: outcome.error, ...describeError(error) }, 'delivery of a reply failed');
    }
    try {
      return (await this.record(delivery.libraryId, delivery.message.id, outcome)) ?? current;
    } catch (error) {
      // The database failed after the reply was stored: it stays queued and is retried.
      this.#log.warn({ channel: delivery.channel, ...describeError(error) }, 'delivery outcome could not be recorded');
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

/** Stored on a reply whose mail came back as undeliverable (a bounce names it). */
export const MAIL_BOUNCED = 'mail_bounced';

/**
 * A bounce reported the reply undeliverable: its delivery turns failed `mail_bounced` and
 * staff hear of it on `bus`. Moves only forward (a delivery already delivered stays so).
 * Takes the database handle to run in the caller's transaction.
 */
export async function markBounced(db: Kysely<DB>, bus: EventBus, libraryId: string, messageId: string): Promise<void> {
  const row = await moveDelivery(db, libraryId, messageId, { status: 'failed', error: MAIL_BOUNCED, attempt: false });
  if (!row?.changed) return;
  bus.publish({
    type: 'delivery.changed',
    libraryId,
    conversationId: row.conversation_id,
    messageId: row.message_id,
    delivery: presentDelivery(row),
  });
}

/** What may be logged of an error: its class name and its code (a database's SQLSTATE), no message. */
function describeError(error: unknown): { error: string; errorCode?: string } {
  const name = error instanceof Error ? error.name : typeof error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && ERROR_CODE_LIKE.test(code) ? { error: name, errorCode: code } : { error: name };
}

function errorCode(error: unknown): string {
  return error instanceof DeliveryError && ERROR_CODE.test(error.code) ? error.code : ADAPTER_ERROR;
}
