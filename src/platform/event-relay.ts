// Carries domain events between app instances that share one PostgreSQL database, through
// LISTEN/NOTIFY: the publishing instance notifies ids only (NOTIFY payloads are limited to
// 8,000 bytes), every other instance re-reads the record and publishes it on its own bus.
// One dedicated connection per instance listens; it reconnects if PostgreSQL drops it.
// Beside the events, a peer channel carries small notices between the instances as they are
// (staff presence, server/realtime/presence.ts): nothing to re-read, and not domain events.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from './db/types.js';
import type { DomainEvent, EventBus } from './events.js';
import { getConversation } from '../domains/conversations/service.js';
import { findMessage } from '../domains/conversations/store.js';
import { presentDelivery, presentMessage } from '../domains/conversations/presenter.js';
import { findDelivery } from '../domains/channels/deliveries/store.js';
import { reportBackgroundFailure } from './background-failure.js';

const CHANNEL = 'kanava_events';
const PEER_CHANNEL = 'kanava_peers';
const RECONNECT_MS = 1000;

interface Notice {
  origin: string;
  type: DomainEvent['type'];
  libraryId: string;
  conversationId?: string;
  messageId?: string;
  accountId?: string;
}

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

export async function startEventRelay(url: string, db: Kysely<DB>, bus: EventBus): Promise<EventRelay> {
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
    // Ids only: nothing to re-read, each instance re-checks the account's sessions itself.
    if (notice.type === 'account.access_changed' && notice.accountId) {
      return { type: 'account.access_changed', libraryId: notice.libraryId, accountId: notice.accountId };
    }
    if (!notice.conversationId) return null;
    if (notice.type === 'message.created' && notice.messageId) {
      const row = await findMessage(db, notice.libraryId, notice.conversationId, notice.messageId);
      return row
        ? { type: 'message.created', libraryId: notice.libraryId, conversationId: notice.conversationId, message: presentMessage(row) }
        : null;
    }
    if (notice.type === 'delivery.changed' && notice.messageId) {
      const row = await findDelivery(db, notice.libraryId, notice.messageId);
      return row
        ? { type: 'delivery.changed', libraryId: notice.libraryId, conversationId: row.conversation_id, messageId: row.message_id, delivery: presentDelivery(row) }
        : null;
    }
    if (notice.type === 'conversation.changed') {
      const conversation = await getConversation(db, notice.libraryId, notice.conversationId).catch(() => null);
      return conversation
        ? { type: 'conversation.changed', libraryId: notice.libraryId, conversationId: notice.conversationId, conversation }
        : null;
    }
    return null;
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
  const unsubscribe = bus.subscribeLocal((event) => {
    const notice: Notice = { origin, type: event.type, libraryId: event.libraryId, ...ids(event) };
    db.selectNoFrom((eb) => eb.fn('pg_notify', [eb.val(CHANNEL), eb.val(JSON.stringify(notice))]).as('sent'))
      .execute()
      .catch((error: unknown) => reportBackgroundFailure('event relay could not notify', error));
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
      await listener?.end().catch(() => undefined);
    },
  };
}

/** What another instance needs to rebuild the event: ids, never the presented record. */
function ids(event: DomainEvent): Pick<Notice, 'conversationId' | 'messageId' | 'accountId'> {
  switch (event.type) {
    case 'message.created':
      return { conversationId: event.conversationId, messageId: event.message.id };
    case 'conversation.changed':
      return { conversationId: event.conversationId };
    case 'delivery.changed':
      return { conversationId: event.conversationId, messageId: event.messageId };
    case 'account.access_changed':
      return { accountId: event.accountId };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
