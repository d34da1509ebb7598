// Carries domain events between app instances that share one PostgreSQL database, through
// LISTEN/NOTIFY: the publishing instance notifies ids only (NOTIFY payloads are limited to
// 8,000 bytes), every other instance re-reads the record and publishes it on its own bus.
// One dedicated connection per instance listens; it reconnects if PostgreSQL drops it.
// Beside the events, a peer channel carries small notices between the instances as they are
// (staff presence, platform/realtime/presence.ts): nothing to re-read, and not domain events.
// The relay knows no event: each domain gives a codec for each of its events (its ids, and
// how to re-read it), and the assembly hands the relay one codec per event type.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from './db/types.js';
import type { DomainEvent, DomainEventType, EventBus, EventOf } from './events.js';
import { reportBackgroundFailure } from './background-failure.js';

const CHANNEL = 'kanava_events';
const PEER_CHANNEL = 'kanava_peers';
const RECONNECT_MS = 1000;

/**
 * What travels: who sent it, the event type and library, and the codec's ids as fields of
 * their own (`conversationId`, `messageId`, …) — the notice format since the first release,
 * so instances of different versions understand each other during a rolling upgrade.
 */
type Notice = { origin: string; type: DomainEventType; libraryId: string } & Record<string, unknown>;

/**
 * How one type of event crosses to the other instances. An event that only concerns the
 * instance that raised it (its rebuild always answers null) says `local: true` and is not sent.
 */
export interface EventCodec<K extends DomainEventType> {
  local?: boolean;
  /** The ids another instance needs to re-read the event: never the presented record. */
  ids(event: EventOf<K>): Record<string, string>;
  /** Re-reads the event in this instance; null when its record is gone meanwhile. */
  rebuild(libraryId: string, ids: Partial<Record<string, string>>): Promise<EventOf<K> | null>;
}

/** A codec for every event type: an event added without one fails the typecheck of the assembly. */
export type EventCodecs = { [K in DomainEventType]: EventCodec<K> };

/** Notices between the app instances, each payload under NOTIFY's 8,000 bytes. */
export interface PeerChannel {
  /** Sends the payloads to every instance, this one included, in one transaction: together and in order. */
  send(payloads: readonly string[]): Promise<void>;
  /**
   * Calls onMessage with every payload received, and onReconnect when the listening
   * connection was made again (what was sent meanwhile is lost: ask again).
   */
  listen(onMessage: (payload: string) => void, onReconnect: () => void): () => void;
}

interface PeerListener {
  message(payload: string): void;
  reconnect(): void;
}

export interface EventRelay {
  peers: PeerChannel;
  close(): Promise<void>;
}

export async function startEventRelay(url: string, db: Kysely<DB>, bus: EventBus, codecs: EventCodecs): Promise<EventRelay> {
  const origin = randomUUID();
  let closed = false;
  let listener: pg.Client | null = null;
  let listenedBefore = false;
  const peerListeners = new Set<PeerListener>();

  // A throwing listener must not break the connection's notification handling.
  function tellPeers(call: (peer: PeerListener) => void): void {
    for (const peer of peerListeners) {
      try {
        call(peer);
      } catch (error) {
        reportBackgroundFailure('peer channel listener failed', error);
      }
    }
  }

  async function rebuild(notice: Notice): Promise<DomainEvent | null> {
    // A notice is parsed JSON: its type may name anything, even an Object.prototype member.
    if (typeof notice.type !== 'string' || !Object.hasOwn(codecs, notice.type) || typeof notice.libraryId !== 'string') return null;
    const codec = codecs[notice.type] as EventCodec<DomainEventType>;
    const ids: Record<string, string> = {};
    for (const [key, value] of Object.entries(notice)) {
      if (key !== 'origin' && key !== 'type' && key !== 'libraryId' && typeof value === 'string') ids[key] = value;
    }
    return (await codec.rebuild(notice.libraryId, ids)) as DomainEvent | null;
  }

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    client.on('end', () => {
      listener = null;
      if (!closed) setTimeout(() => void listen().catch(() => undefined), RECONNECT_MS).unref();
    });
    client.on('notification', (message) => {
      if (!message.payload) return;
      if (message.channel === PEER_CHANNEL) {
        const payload = message.payload;
        tellPeers((peer) => peer.message(payload));
        return;
      }
      let notice: Notice;
      try {
        notice = JSON.parse(message.payload) as Notice;
      } catch {
        return;
      }
      if (notice.origin === origin) return;
      rebuild(notice).then(
        (event) => event && bus.deliverLocally(event),
        (error: unknown) => reportBackgroundFailure(`event relay could not rebuild ${notice.type}`, error),
      );
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    await client.query(`LISTEN ${PEER_CHANNEL}`);
    listener = client;
    if (listenedBefore) tellPeers((peer) => peer.reconnect());
    listenedBefore = true;
  }

  await listen();
  // The events published in one turn of the event loop (a new conversation, its first message
  // and their side events) go out in one statement, in order, instead of one round trip each.
  // PostgreSQL delivers identical payloads of one transaction once; a notice only names ids
  // that the receiver re-reads, so one delivery of it says all that two would.
  let pending: string[] = [];
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const payloads = pending;
    pending = [];
    if (payloads.length === 0) return sending;
    sending =
      sql`SELECT pg_notify(${CHANNEL}, payload) FROM unnest(${payloads}::text[]) WITH ORDINALITY AS n(payload, position) ORDER BY position`
        .execute(db)
        .then(
          () => undefined,
          (error: unknown) => reportBackgroundFailure('event relay could not notify', error),
        );
    return sending;
  };
  const unsubscribe = bus.subscribeLocal((event) => {
    const codec = codecs[event.type] as EventCodec<DomainEventType>;
    if (codec.local) return;
    const notice: Notice = { ...codec.ids(event), origin, type: event.type, libraryId: event.libraryId };
    if (pending.length === 0) setImmediate(() => void flush());
    pending.push(JSON.stringify(notice));
  });

  const peers: PeerChannel = {
    async send(payloads) {
      if (payloads.length === 0) return;
      await sql`SELECT pg_notify(${PEER_CHANNEL}, payload) FROM unnest(${[...payloads]}::text[]) AS payload`.execute(db);
    },
    listen(onMessage, onReconnect) {
      const peer: PeerListener = { message: onMessage, reconnect: onReconnect };
      peerListeners.add(peer);
      return () => peerListeners.delete(peer);
    },
  };

  return {
    peers,
    async close() {
      closed = true;
      peerListeners.clear();
      unsubscribe();
      // What this instance published last still reaches the others.
      await flush();
      await listener?.end().catch(() => undefined);
    },
  };
}
