// The delivery job of queued channels (email; docs/decisions/0003-channel-adapters.md): claims
// due queued deliveries, hands each to its channel's adapter outside any transaction and
// records the outcome through Outbound, so staff see it live. A failure is tried again after
// a growing pause; a permanent one, or the last attempt, fails the delivery. Several instances
// share the work: a claim locks with SKIP LOCKED and pushes the row's due time ahead by a
// lease, which also hands the row to someone else when this instance dies mid-delivery.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { EventBus } from '../../../platform/events.js';
import type { MessageView } from '../../../contract/conversations.js';
import type { ChannelKind } from '../../../contract/kinds.js';
import { presentDelivery, type OutboundDelivery } from '../../conversations/service.js';
import type { ChannelAdapter } from '../adapter.js';
import { describeError, errorCode, type DeliveryLog, type Outbound } from './outbound.js';
import { claimDueDeliveries, type ClaimedDelivery } from './store.js';

/** A channel whose replies wait for this job, and which of its failures no retry will mend. */
export interface QueuedAdapter extends ChannelAdapter {
  mode: 'queued';
  /** True for a code that fails the delivery at once (a mail server's 5xx, no recipient). */
  isPermanent(code: string): boolean;
}

const MINUTE = 60_000;
/** Pause before the n-th retry (1 min, 5 min, 30 min, 2 h, 12 h); after the last, failed. */
export const RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 120 * MINUTE, 720 * MINUTE] as const;

/** The pause after `attempts` failed hand-overs, ±10 % so a backlog does not retry in lockstep; null = give up. */
export function backoff(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}

export interface DeliveryWorkerOptions {
  db: Kysely<DB>;
  bus: EventBus;
  outbound: Outbound;
  adapters: readonly QueuedAdapter[];
  log: DeliveryLog;
  /** How often due rows are looked for when nothing woke the job (retries come due this way). */
  intervalMs?: number;
  batchSize?: number;
  /** How long a claimed row is left alone before another instance may take it again. */
  leaseMs?: number;
  /** Pause after n failed attempts (null = no more attempts); tests make it predictable. */
  backoff?: (attempts: number) => number | null;
}

export class DeliveryWorker {
  readonly #db: Kysely<DB>;
  readonly #outbound: Outbound;
  readonly #adapters: Map<ChannelKind, QueuedAdapter>;
  readonly #log: DeliveryLog;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #backoff: (attempts: number) => number | null;
  readonly #unsubscribe: Array<() => void> = [];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;

  constructor(options: DeliveryWorkerOptions) {
    this.#db = options.db;
    this.#outbound = options.outbound;
    this.#adapters = new Map(options.adapters.map((adapter) => [adapter.kind, adapter]));
    this.#log = options.log;
    this.#intervalMs = options.intervalMs ?? 5_000;
    this.#batchSize = options.batchSize ?? 10;
    this.#leaseMs = options.leaseMs ?? 5 * MINUTE;
    this.#backoff = options.backoff ?? ((attempts) => backoff(attempts));
    // A reply (or a "try again") goes out now, not at the next tick.
    this.#unsubscribe.push(
      options.bus.on('message.created', (event) => {
        if (event.message.delivery?.status === 'queued') this.wake();
      }),
      options.bus.on('delivery.changed', (event) => {
        if (event.delivery.status === 'queued' && event.delivery.error === null) this.wake();
      }),
    );
  }

  start(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => this.wake(), this.#intervalMs);
    this.#timer.unref();
    this.wake();
  }

  /** Looks for due deliveries soon; a wake while a round runs makes it look once more after. */
  wake(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves when the current round (if any) is over: for tests and a clean shutdown. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    await this.idle();
  }

  /** One claim and the deliveries it took; how many were taken. */
  async runOnce(): Promise<number> {
    const claimed = await claimDueDeliveries(this.#db, [...this.#adapters.keys()], this.#batchSize, this.#leaseMs);
    await Promise.all(claimed.map((row) => this.#deliver(row)));
    return claimed.length;
  }

  async #drain(): Promise<void> {
    try {
      do {
        this.#again = false;
        while (!this.#closed && (await this.runOnce()) === this.#batchSize);
      } while (this.#again && !this.#closed);
    } catch (error) {
      // The database is away; the next tick tries again (claimed rows wait for their lease).
      this.#log.warn(describeError(error), 'delivery job could not claim deliveries');
    }
  }

  async #deliver(row: ClaimedDelivery): Promise<void> {
    const adapter = this.#adapters.get(row.channel);
    if (!adapter) return;
    const reply: OutboundDelivery = {
      libraryId: row.library_id,
      conversationId: row.conversation_id,
      channel: row.channel,
      message: messageOf(row),
    };
    try {
      let outcome: 'sent' | 'delivered' | 'queued';
      try {
        outcome = await adapter.deliver(reply);
      } catch (error) {
        await this.#failed(row, adapter, error);
        return;
      }
      // `queued`: the adapter tried nothing; the lease brings the row back later.
      if (outcome !== 'queued')
        await this.#outbound.record(row.library_id, row.message_id, { status: outcome, error: null, attempt: false });
    } catch (error) {
      // Not recorded: the lease runs out and the delivery is tried again with the same
      // Message-ID, which the recipient's server and our mail_messages row recognise.
      this.#log.warn({ channel: row.channel, ...describeError(error) }, 'delivery outcome could not be recorded');
    }
  }

  async #failed(row: ClaimedDelivery, adapter: QueuedAdapter, error: unknown): Promise<void> {
    const code = errorCode(error);
    const attempts = row.attempts + 1;
    const pause = adapter.isPermanent(code) ? null : this.#backoff(attempts);
    this.#log.warn({ channel: row.channel, code, attempts, retry: pause !== null, ...describeError(error) }, 'delivery of a reply failed');
    if (pause === null) {
      await this.#outbound.record(row.library_id, row.message_id, { status: 'failed', error: code, attempt: true });
    } else {
      await this.#outbound.retryLater(row.library_id, row.message_id, code, new Date(Date.now() + pause));
    }
  }
}

function messageOf(row: ClaimedDelivery): MessageView {
  return {
    id: row.message_id,
    conversationId: row.conversation_id,
    seq: row.message_seq,
    kind: row.message_kind,
    body: row.message_body,
    author: row.author_account_id ? { id: row.author_account_id, displayName: row.author_name ?? '' } : null,
    event: null,
    clientId: null,
    createdAt: row.message_created_at.toISOString(),
    delivery: presentDelivery(row),
    attachments: [],
  };
}
