// The widget's conversation state without any DOM or network: the timeline deduplicated by
// seq, the outbox of messages not yet acknowledged (or refused, until the customer edits or
// retries them), and what survives a page reload.
import type { CustomerMessageView } from '../contract/conversations.js';

/** A message as the server shows it to the customer (never an internal note). */
export type ChatMessage = CustomerMessageView;

export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: string;
  /** The server refused it: not resent until the customer retries or edits it. */
  failed?: { code: string; message: string };
}

export interface StoredChat {
  /** Null until the server confirmed the start; the first outbox message starts it. */
  conversationId: string | null;
  token: string;
  lastSeq: number;
  outbox: PendingMessage[];
  /** Email given with a start not yet confirmed, so a retry after a reload sends it too. */
  email?: string;
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

  /** Messages to (re)send: the outbox without the refused ones. */
  get sendable(): PendingMessage[] {
    return this.outbox.filter((p) => !p.failed);
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

  /** The server refused the message; false if it is not (or no longer) in the outbox. */
  fail(clientId: string, code: string, message: string): boolean {
    const pending = this.outbox.find((p) => p.clientId === clientId);
    if (!pending) return false;
    pending.failed = { code, message };
    return true;
  }

  /** Queues a refused message again as it is; returns it, to be sent. */
  retry(clientId: string): PendingMessage | undefined {
    const pending = this.outbox.find((p) => p.clientId === clientId);
    if (pending) delete pending.failed;
    return pending;
  }

  /** Takes a message out of the outbox, to be edited and sent as a new one. */
  withdraw(clientId: string): PendingMessage | undefined {
    const pending = this.outbox.find((p) => p.clientId === clientId);
    this.outbox = this.outbox.filter((p) => p.clientId !== clientId);
    return pending;
  }

  snapshot(conversationId: string | null, token: string, email?: string): StoredChat {
    return { conversationId, token, lastSeq: this.lastSeq, outbox: this.outbox, ...(email ? { email } : {}) };
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
    const conversationId = typeof value.conversationId === 'string' ? value.conversationId : null;
    if (typeof value.token !== 'string') return null;
    const outbox = Array.isArray(value.outbox)
      ? value.outbox
          .filter((p): p is PendingMessage => typeof p?.clientId === 'string' && typeof p?.body === 'string')
          .map(({ clientId, body, createdAt, failed }) => ({
            clientId,
            body,
            createdAt: typeof createdAt === 'string' ? createdAt : new Date(0).toISOString(),
            ...(typeof failed?.code === 'string' && typeof failed.message === 'string'
              ? { failed: { code: failed.code, message: failed.message } }
              : {}),
          }))
      : [];
    // A start never confirmed is only worth keeping while it has a message to send.
    if (conversationId === null && outbox.length === 0) return null;
    const email = conversationId === null && typeof value.email === 'string' ? value.email : undefined;
    return { conversationId, token: value.token, lastSeq: 0, outbox, ...(email ? { email } : {}) };
  } catch {
    return null;
  }
}
