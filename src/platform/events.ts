// Domain events, published by services after their transaction commits. Subscribers do the
// side effects (real-time push now; notifications, statistics and webhooks later). The bus
// is in-process; when several app instances share PostgreSQL, platform/event-relay.ts
// carries the events published here to the other instances and back.
import { EventEmitter } from 'node:events';
import type { ConversationView, DeliveryView, MessageView } from '../contract/conversations.js';
import { reportBackgroundFailure } from './background-failure.js';

export type DomainEvent =
  | { type: 'message.created'; libraryId: string; conversationId: string; message: MessageView }
  | { type: 'conversation.changed'; libraryId: string; conversationId: string; conversation: ConversationView }
  /** A staff reply's delivery moved (queued → delivered, failed, …); staff only, never customers. */
  | { type: 'delivery.changed'; libraryId: string; conversationId: string; messageId: string; delivery: DeliveryView }
  /**
   * What an account may see changed: a session signed out, the password or role changed,
   * or the account was deactivated. Ids only: every instance re-checks the sessions of that
   * account's open sockets against the database, which says what is still allowed.
   */
  | { type: 'account.access_changed'; libraryId: string; accountId: string };

type Listener = (event: DomainEvent) => void;

export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every socket hub and job subscribes; the default cap of 10 is too low to be useful.
    this.#emitter.setMaxListeners(0);
  }

  /** Publishes an event that happened in this instance (relayed to other instances). */
  publish(event: DomainEvent): void {
    this.#emitter.emit('event', event);
    this.#emitter.emit('local', event);
  }

  /** Delivers an event relayed from another instance to this instance's subscribers only. */
  deliverLocally(event: DomainEvent): void {
    this.#emitter.emit('event', event);
  }

  /** Every event, wherever it happened. */
  subscribe(listener: Listener): () => void {
    return this.#on('event', listener);
  }

  /** Only the events published in this instance (for the relay). */
  subscribeLocal(listener: Listener): () => void {
    return this.#on('local', listener);
  }

  #on(name: 'event' | 'local', listener: Listener): () => void {
    // A failing subscriber must not break the publisher or the other subscribers.
    const safe: Listener = (event) => {
      try {
        listener(event);
      } catch (error) {
        reportBackgroundFailure('event subscriber failed', error);
      }
    };
    this.#emitter.on(name, safe);
    return () => this.#emitter.off(name, safe);
  }
}
