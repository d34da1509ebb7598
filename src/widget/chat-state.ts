// The widget's conversation state without any DOM or network: the timeline deduplicated by
// seq, the outbox of messages not yet acknowledged, and what survives a page reload.
import type { CustomerMessageView } from '../domains/conversations/presenter.js';

/** A message as the server shows it to the customer (never an internal note). */
export type ChatMessage = CustomerMessageView;

export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: string;
}

export interface StoredChat {
  conversationId: string;
  token: string;
  lastSeq: number;
  outbox: PendingMessage[];
}

export class ChatState {
  readonly messages: ChatMessage[] = [];
  outbox: PendingMessage[] = [];
  lastSeq = 0;

  constructor(stored?: StoredChat) {
    if (stored) {
      this.outbox = [...stored.outbox];
      // Messages are replayed from the server on connect; only the outbox is kept locally.
      this.lastSeq = 0;
    }
  }

  /** Adds a message from the server; false if it was already there (same seq). */
  receive(message: ChatMessage): boolean {
    if (this.messages.some((m) => m.seq === message.seq)) return false;
    const at = this.messages.findIndex((m) => m.seq > message.seq);
    if (at === -1) this.messages.push(message);
    else this.messages.splice(at, 0, message);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    if (message.clientId) this.outbox = this.outbox.filter((p) => p.clientId !== message.clientId);
    return true;
  }

  queue(clientId: string, body: string, now = new Date()): PendingMessage {
    const pending = { clientId, body, createdAt: now.toISOString() };
    this.outbox.push(pending);
    return pending;
  }

  /** The server stored the message: it leaves the outbox (its echo carries it into the timeline). */
  acknowledge(clientId: string): void {
    this.outbox = this.outbox.filter((p) => p.clientId !== clientId);
  }

  snapshot(conversationId: string, token: string): StoredChat {
    return { conversationId, token, lastSeq: this.lastSeq, outbox: this.outbox };
  }
}

/** Reconnect delay: exponential from 0.5 s to 30 s with ±20 % jitter so clients spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + random() * 0.4));
}

export function parseStoredChat(raw: string | null): StoredChat | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredChat>;
    if (typeof value.conversationId !== 'string' || typeof value.token !== 'string') return null;
    const outbox = Array.isArray(value.outbox)
      ? value.outbox.filter((p): p is PendingMessage => typeof p?.clientId === 'string' && typeof p?.body === 'string')
      : [];
    return { conversationId: value.conversationId, token: value.token, lastSeq: 0, outbox };
  } catch {
    return null;
  }
}
