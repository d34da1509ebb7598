// Delivers domain events to the connected sockets, by explicit recipient rules:
// - staff of a library receive every message of its conversations (notes included) and
//   conversation changes;
// - a customer receives only the non-internal messages of their own conversation, with
//   staff shown by display name alone;
// - when an account's access changes, its staff sockets re-check their session;
// - when a customer is erased, their sockets are closed (their token no longer holds);
// - customers of a library hear when its number of staff online changes, counted library-wide
//   across app instances by presence.ts, which the hub tells who is online here;
// - staff of a library hear who views, writes in or types in a conversation (activity-service.ts,
//   across instances); its customer hears only that "staff" are writing a reply, never who,
//   and never about a note.
// Each frame is serialised once per audience, not once per socket.
import type { EventBus, EventOf } from '../../platform/events.js';
import { presentMessageForCustomer } from './presenter.js';
import type { MessageView } from '../../contract/conversations.js';
import { encodeCustomerFrame, encodeStaffFrame, type CustomerServerFrame } from '../../contract/frames.js';
import type { Presence } from '../../platform/realtime/presence.js';
import { ActivityTracker } from './activity-service.js';

export interface Connection {
  /** Whether the frame was written (or is held to be written in order); false when dropped. */
  send(frame: string): boolean;
}

export interface StaffConnection extends Connection {
  libraryId: string;
  accountId: string;
  away: boolean;
  /** Checks the socket's session again; closes the socket if it no longer stands. */
  recheck(): void;
}

export interface CustomerConnection extends Connection {
  libraryId: string;
  conversationId: string;
  customerId: string;
  /** Tells the client its token no longer holds and closes the socket (4401: do not reconnect). */
  revoke(): void;
}

const WRITTEN_KEPT = 16;

export type CustomerMessageListener = (libraryId: string, message: MessageView) => void;
export type CustomerJoinedListener = (connection: CustomerConnection) => void;

export class RealtimeHub {
  readonly #staff = new Map<string, Set<StaffConnection>>();
  readonly #customers = new Map<string, Set<CustomerConnection>>();
  readonly #customersByLibrary = new Map<string, Set<CustomerConnection>>();
  readonly #customerMessageListeners = new Set<CustomerMessageListener>();
  readonly #customerJoinedListeners = new Set<CustomerJoinedListener>();
  /**
   * Per conversation with a customer socket here, its latest messages written to one: what
   * the chat adapter asks right after the hub delivered a reply. A few suffice for replies
   * stored at the same moment; the rest are older than any delivery still being asked about.
   */
  readonly #written = new Map<string, Set<string>>();
  readonly #presence: Presence;
  readonly #unsubscribe: (() => void)[];
  /** Who is in which conversation now, across instances (typing, viewing, writing). */
  readonly activity: ActivityTracker;
  /** Conversations whose customers were last told that staff are writing a reply. */
  readonly #staffTyping = new Set<string>();

  constructor(bus: EventBus, presence: Presence, activity = new ActivityTracker({ peers: null, intervalMs: 60_000 })) {
    this.#presence = presence;
    this.activity = activity;
    this.#unsubscribe = [
      bus.on('message.created', (event) => this.#messageCreated(event)),
      bus.on('conversation.changed', (event) => this.#conversationChanged(event)),
      bus.on('delivery.changed', (event) => {
        const { conversationId, messageId, delivery } = event;
        broadcast(this.#staff.get(event.libraryId), encodeStaffFrame({ type: 'delivery', conversationId, messageId, delivery }));
      }),
      bus.on('account.access_changed', (event) => {
        for (const connection of this.#staff.get(event.libraryId) ?? []) {
          if (connection.accountId === event.accountId) connection.recheck();
        }
      }),
      bus.on('customer.erased', (event) => {
        // A copy: removing from the set being iterated. Erasures are rare; a library's sockets are few.
        for (const connection of [...(this.#customersByLibrary.get(event.libraryId) ?? [])]) {
          if (connection.customerId !== event.customerId) continue;
          // Out of the hub first: nothing more reaches the socket while it closes.
          this.removeCustomer(connection);
          connection.revoke();
        }
      }),
      activity.onChange((libraryId, conversationId, state) => {
        broadcast(this.#staff.get(libraryId), encodeStaffFrame({ type: 'activity', conversationId, ...state }));
        const typing = state.staff.some((entry) => entry.writing === 'reply');
        if (typing === this.#staffTyping.has(conversationId)) return;
        if (typing) this.#staffTyping.add(conversationId);
        else this.#staffTyping.delete(conversationId);
        // Only the conversation's own library's customers (a conversation id is the client's word).
        const customers = [...(this.#customers.get(conversationId) ?? [])].filter((c) => c.libraryId === libraryId);
        broadcast(customers, encodeCustomerFrame({ type: 'typing', typing }));
      }),
      presence.onChange((libraryId, staffOnline) => {
        broadcast(this.#customersByLibrary.get(libraryId), encodeCustomerFrame({ type: 'presence', staffOnline }));
      }),
    ];
  }

  close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  addStaff(connection: StaffConnection): void {
    add(this.#staff, connection.libraryId, connection);
    this.#presenceChanged(connection.libraryId);
  }

  removeStaff(connection: StaffConnection): void {
    this.activity.removeStaff(connection);
    remove(this.#staff, connection.libraryId, connection);
    this.#presenceChanged(connection.libraryId);
  }

  setAway(connection: StaffConnection, away: boolean): void {
    if (connection.away === away) return;
    connection.away = away;
    this.#presenceChanged(connection.libraryId);
  }

  addCustomer(connection: CustomerConnection): void {
    add(this.#customers, connection.conversationId, connection);
    add(this.#customersByLibrary, connection.libraryId, connection);
    for (const listener of this.#customerJoinedListeners) listener(connection);
  }

  /**
   * Calls the listener whenever a customer socket authenticated here, before its replay (what
   * the listener sends through the connection is written after the replay): how another
   * domain offers a reconnecting customer what is still waiting for them (e.g. a survey).
   */
  onCustomerJoined(listener: CustomerJoinedListener): () => void {
    this.#customerJoinedListeners.add(listener);
    return () => this.#customerJoinedListeners.delete(listener);
  }

  /** Writes a frame to the conversation's customer sockets here; returns how many it reached. */
  tellCustomers(conversationId: string, frame: CustomerServerFrame): number {
    return broadcast(this.#customers.get(conversationId), encodeCustomerFrame(frame));
  }

  removeCustomer(connection: CustomerConnection): void {
    this.activity.setCustomerTyping(connection, connection.libraryId, connection.conversationId, false);
    remove(this.#customers, connection.conversationId, connection);
    remove(this.#customersByLibrary, connection.libraryId, connection);
    if (!this.#customers.has(connection.conversationId)) this.#written.delete(connection.conversationId);
  }

  /** Customer sockets open on the conversation in this instance. */
  customerSockets(conversationId: string): number {
    return this.#customers.get(conversationId)?.size ?? 0;
  }

  /** Whether the message was just written live to a customer socket of its conversation here. */
  wroteToCustomer(conversationId: string, messageId: string): boolean {
    return this.#written.get(conversationId)?.has(messageId) ?? false;
  }

  /**
   * Calls the listener whenever a message was written to at least one customer socket here,
   * live (a replay on reconnect is the chat routes' business): how the chat channel knows a
   * reply was delivered, in whichever instance holds the customer's socket.
   */
  onCustomerMessage(listener: CustomerMessageListener): () => void {
    this.#customerMessageListeners.add(listener);
    return () => this.#customerMessageListeners.delete(listener);
  }

  /** Distinct staff members of the library with a socket open and not marked away, on any instance. */
  staffOnline(libraryId: string): number {
    return this.#presence.staffOnline(libraryId);
  }

  /** Tells presence who is online here; it tells the customers if the library-wide count changed. */
  #presenceChanged(libraryId: string): void {
    const accounts = new Set<string>();
    for (const connection of this.#staff.get(libraryId) ?? []) {
      if (!connection.away) accounts.add(connection.accountId);
    }
    this.#presence.setLocal(libraryId, accounts);
  }

  #wrote(conversationId: string, messageId: string): void {
    let written = this.#written.get(conversationId);
    if (!written) {
      written = new Set();
      this.#written.set(conversationId, written);
    }
    written.add(messageId);
    if (written.size > WRITTEN_KEPT) written.delete(written.values().next().value!);
  }

  #messageCreated(event: EventOf<'message.created'>): void {
    const seq = event.message.seq;
    broadcast(this.#staff.get(event.libraryId), encodeStaffFrame({ type: 'message', seq, message: event.message }));
    const forCustomer = presentMessageForCustomer(event.message);
    if (!forCustomer) return;
    const reached = broadcast(
      this.#customers.get(event.conversationId),
      encodeCustomerFrame({ type: 'message', seq, message: forCustomer }),
    );
    if (reached > 0) {
      this.#wrote(event.conversationId, event.message.id);
      for (const listener of this.#customerMessageListeners) listener(event.libraryId, event.message);
    }
  }

  #conversationChanged(event: EventOf<'conversation.changed'>): void {
    const { conversation } = event;
    const seq = conversation.lastSeq;
    broadcast(this.#staff.get(event.libraryId), encodeStaffFrame({ type: 'conversation', seq, conversation }));
    broadcast(this.#customers.get(event.conversationId), encodeCustomerFrame({ type: 'conversation', seq, status: conversation.status }));
  }
}

function add<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function remove<T>(map: Map<string, Set<T>>, key: string, value: T): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/** Sends the frame to every connection; returns how many it was written to. */
function broadcast(connections: Iterable<Connection> | undefined, frame: string): number {
  let sent = 0;
  for (const connection of connections ?? []) {
    if (connection.send(frame)) sent += 1;
  }
  return sent;
}
