// Domain events, published by services after their transaction commits. Subscribers do the
// side effects (real-time push now; notifications, statistics and webhooks later). The bus
// is in-process; when several app instances share PostgreSQL, platform/event-relay.ts
// carries the events published here to the other instances and back.
//
// The platform knows no event of its own: each domain declares its events in its
// `events.ts` by adding them to DomainEventMap (TypeScript declaration merging), e.g.
//   declare module '../../platform/events.js' {
//     interface DomainEventMap { 'thing.changed': { libraryId: string; thingId: string } }
//   }
// so DomainEvent is the union of every domain's events, and a switch over it is checked.
import { EventEmitter } from 'node:events';
import { reportBackgroundFailure } from './background-failure.js';

/** Every event's payload by its type; extended by the domains' events.ts files. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DomainEventMap {}

export type DomainEventType = keyof DomainEventMap;
/** One event of the given type: its payload and `type`. Every event belongs to one library. */
export type EventOf<K extends DomainEventType> = { type: K; libraryId: string } & DomainEventMap[K];
export type DomainEvent = { [K in DomainEventType]: EventOf<K> }[DomainEventType];

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

  /** The events of one type, wherever they happened. */
  on<K extends DomainEventType>(type: K, listener: (event: EventOf<K>) => void): () => void {
    return this.subscribe((event) => {
      if (event.type === type) listener(event as unknown as EventOf<K>);
    });
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
