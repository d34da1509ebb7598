// Domain events, published by services after their transaction commits. Subscribers do the
// side effects (real-time push now; notifications, statistics and webhooks later). The bus
// is in-process; when several app instances share PostgreSQL, a transport relays events
// between them (see platform/realtime-transport.ts when it exists).
import { EventEmitter } from 'node:events';
import type { ConversationView, MessageView } from '../domains/conversations/presenter.js';

export type DomainEvent =
  | { type: 'message.created'; libraryId: string; conversationId: string; message: MessageView }
  | { type: 'conversation.changed'; libraryId: string; conversationId: string; conversation: ConversationView };

type Listener = (event: DomainEvent) => void;

export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Every socket hub and job subscribes; the default cap of 10 is too low to be useful.
    this.#emitter.setMaxListeners(0);
  }

  publish(event: DomainEvent): void {
    this.#emitter.emit('event', event);
  }

  subscribe(listener: Listener): () => void {
    // A failing subscriber must not break the publisher or the other subscribers.
    const safe: Listener = (event) => {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`event subscriber failed: ${String(error)}`);
      }
    };
    this.#emitter.on('event', safe);
    return () => this.#emitter.off('event', safe);
  }
}
