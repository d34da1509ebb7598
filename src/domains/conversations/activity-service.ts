// Who is in a conversation right now, library-wide: the staff viewing it (and whether each is
// writing a reply or an internal note) and whether the customer is typing. Ephemeral: never
// stored, never replayed; a client that connects learns the state when it next changes, or
// when it says which conversation it views.
//
// Each instance holds its own sockets' activity and what the other instances last announced
// on the relay's peer channel (as platform/realtime/presence.ts does for staff online): an
// instance announces a conversation's local activity when it changes, and all of it again
// every interval; an announcement holds for EXPIRY_INTERVALS of the sender's intervals, so a
// crashed instance's viewers drop out then. Writing and typing also expire on their own after
// TYPING_TTL_MS without a renewal (clients renew every few seconds while typing), so a lost
// "stopped" never leaves "is typing…" on screen.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PeerChannel } from '../../platform/event-relay.js';
import { reportBackgroundFailure } from '../../platform/background-failure.js';
import type { ConversationActivity, StaffActivity, StaffWriting } from '../../contract/frames.js';

const EXPIRY_INTERVALS = 3;
/** How long "is typing" / "is writing" holds without a renewal from the client. */
export const TYPING_TTL_MS = 8000;
/** At most this many staff per conversation cross instances (a notice stays far under 8,000 bytes). */
const MAX_STAFF = 20;
const CLOSE_WAIT_MS = 2000;

const staffEntry = z.object({
  accountId: z.string(),
  displayName: z.string().max(200),
  writing: z.enum(['reply', 'note']).nullable(),
});
const notice = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('activity'),
    instance: z.string(),
    version: z.number().int(),
    libraryId: z.string(),
    conversationId: z.string(),
    ttlMs: z.number().int().positive(),
    staff: z.array(staffEntry).max(MAX_STAFF),
    customerTyping: z.boolean(),
  }),
  z.object({ kind: z.literal('activity_query'), instance: z.string() }),
  z.object({ kind: z.literal('activity_bye'), instance: z.string() }),
]);
type Notice = z.infer<typeof notice>;

interface StaffSocketActivity {
  libraryId: string;
  accountId: string;
  displayName: string;
  conversationId: string;
  writing: StaffWriting;
  timer: NodeJS.Timeout | undefined;
}

interface CustomerSocketActivity {
  libraryId: string;
  conversationId: string;
  timer: NodeJS.Timeout;
}

interface Announced {
  version: number;
  state: ConversationActivity;
  expiresAt: number;
}

export type ActivityListener = (libraryId: string, conversationId: string, state: ConversationActivity) => void;

export interface ActivityOptions {
  /** The other instances (PostgreSQL); null when this process is the only one (PGlite). */
  peers: PeerChannel | null;
  /** How often every conversation's local activity is announced again. */
  intervalMs: number;
  typingTtlMs?: number;
}

const keyOf = (libraryId: string, conversationId: string) => `${libraryId} ${conversationId}`;
const EMPTY: ConversationActivity = { staff: [], customerTyping: false };

export class ActivityTracker {
  readonly #id = randomUUID();
  readonly #peers: PeerChannel | null;
  readonly #intervalMs: number;
  readonly #typingTtlMs: number;
  /** Per staff socket (its identity object), the conversation it views. */
  readonly #staff = new Map<object, StaffSocketActivity>();
  /** Per customer socket, while its customer types. */
  readonly #customers = new Map<object, CustomerSocketActivity>();
  /** Conversation key → other instance → what it announced. */
  readonly #remote = new Map<string, Map<string, Announced>>();
  /** The combined state last told to the listeners, per conversation key (empty ones left out). */
  readonly #told = new Map<string, string>();
  readonly #listeners = new Set<ActivityListener>();
  #version = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopListening: (() => void) | undefined;
  #closed = false;

  constructor(options: ActivityOptions) {
    this.#peers = options.peers;
    this.#intervalMs = options.intervalMs;
    this.#typingTtlMs = options.typingTtlMs ?? TYPING_TTL_MS;
  }

  start(): void {
    if (!this.#peers || this.#closed) return;
    this.#stopListening = this.#peers.listen(
      (payload) => this.#receive(payload),
      () => void this.#send([{ kind: 'activity_query', instance: this.#id }]),
    );
    void this.#send([{ kind: 'activity_query', instance: this.#id }]);
    this.#timer = setInterval(() => {
      this.#sweep();
      this.#announce([...this.#localKeys()]);
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops; without the goodbye the others drop this instance's activity at expiry, as after a crash. */
  async close(options: { goodbye?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#stopListening?.();
    for (const entry of this.#staff.values()) clearTimeout(entry.timer);
    for (const entry of this.#customers.values()) clearTimeout(entry.timer);
    if (!this.#peers || !(options.goodbye ?? true)) return;
    // An unreachable database must not hold up a shutdown: the others then drop this one's at expiry.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_WAIT_MS);
    });
    await Promise.race([this.#send([{ kind: 'activity_bye', instance: this.#id }]), timeout]);
    clearTimeout(timer);
  }

  onChange(listener: ActivityListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The conversation's activity on every instance. */
  state(libraryId: string, conversationId: string): ConversationActivity {
    const key = keyOf(libraryId, conversationId);
    const local = this.#local(libraryId, conversationId);
    const byAccount = new Map<string, StaffActivity>();
    const add = (entry: StaffActivity) => {
      const seen = byAccount.get(entry.accountId);
      byAccount.set(entry.accountId, seen ? { ...seen, writing: strongest(seen.writing, entry.writing) } : entry);
    };
    local.staff.forEach(add);
    let customerTyping = local.customerTyping;
    for (const announced of this.#remote.get(key)?.values() ?? []) {
      announced.state.staff.forEach(add);
      customerTyping ||= announced.state.customerTyping;
    }
    const staff = [...byAccount.values()].sort((a, b) => a.accountId.localeCompare(b.accountId));
    return { staff, customerTyping };
  }

  /**
   * What a staff socket is doing: viewing a conversation (null: none), writing a reply or a
   * note in it, or neither. Writing lapses after the typing ttl unless said again.
   */
  setStaff(
    socket: object,
    who: { libraryId: string; accountId: string; displayName: string },
    conversationId: string | null,
    writing: StaffWriting,
  ): void {
    const previous = this.#staff.get(socket);
    if (previous) clearTimeout(previous.timer);
    if (conversationId === null) {
      this.#staff.delete(socket);
    } else {
      const entry: StaffSocketActivity = { ...who, conversationId, writing, timer: undefined };
      if (writing) {
        entry.timer = setTimeout(() => this.setStaff(socket, who, conversationId, null), this.#typingTtlMs);
        entry.timer.unref();
      }
      this.#staff.set(socket, entry);
    }
    const changed = new Set<string>();
    if (previous) changed.add(keyOf(previous.libraryId, previous.conversationId));
    if (conversationId) changed.add(keyOf(who.libraryId, conversationId));
    this.#changed(changed);
  }

  removeStaff(socket: object): void {
    const previous = this.#staff.get(socket);
    if (!previous) return;
    clearTimeout(previous.timer);
    this.#staff.delete(socket);
    this.#changed([keyOf(previous.libraryId, previous.conversationId)]);
  }

  /** The customer of this socket started (or goes on) typing, or stopped. */
  setCustomerTyping(socket: object, libraryId: string, conversationId: string, typing: boolean): void {
    const previous = this.#customers.get(socket);
    if (previous) clearTimeout(previous.timer);
    if (typing) {
      const timer = setTimeout(() => this.setCustomerTyping(socket, libraryId, conversationId, false), this.#typingTtlMs);
      timer.unref();
      this.#customers.set(socket, { libraryId, conversationId, timer });
    } else {
      this.#customers.delete(socket);
    }
    if (Boolean(previous) !== typing) this.#changed([keyOf(libraryId, conversationId)]);
  }

  #local(libraryId: string, conversationId: string): ConversationActivity {
    const byAccount = new Map<string, StaffActivity>();
    for (const entry of this.#staff.values()) {
      if (entry.libraryId !== libraryId || entry.conversationId !== conversationId) continue;
      const seen = byAccount.get(entry.accountId);
      byAccount.set(entry.accountId, {
        accountId: entry.accountId,
        displayName: entry.displayName,
        writing: strongest(seen?.writing ?? null, entry.writing),
      });
    }
    let customerTyping = false;
    for (const entry of this.#customers.values()) {
      if (entry.libraryId === libraryId && entry.conversationId === conversationId) customerTyping = true;
    }
    return { staff: [...byAccount.values()].slice(0, MAX_STAFF), customerTyping };
  }

  #localKeys(): Set<string> {
    const keys = new Set<string>();
    for (const entry of this.#staff.values()) keys.add(keyOf(entry.libraryId, entry.conversationId));
    for (const entry of this.#customers.values()) keys.add(keyOf(entry.libraryId, entry.conversationId));
    return keys;
  }

  #changed(keys: Iterable<string>): void {
    const list = [...keys];
    this.#announce(list);
    for (const key of list) this.#tell(key);
  }

  /** Tells the listeners the conversation's combined state, if it differs from what they were told. */
  #tell(key: string): void {
    const [libraryId = '', conversationId = ''] = key.split(' ');
    const state = this.state(libraryId, conversationId);
    const empty = state.staff.length === 0 && !state.customerTyping;
    const text = JSON.stringify(state);
    if ((this.#told.get(key) ?? JSON.stringify(EMPTY)) === text) return;
    if (empty) this.#told.delete(key);
    else this.#told.set(key, text);
    for (const listener of this.#listeners) {
      try {
        listener(libraryId, conversationId, state);
      } catch (error) {
        reportBackgroundFailure('activity listener failed', error);
      }
    }
  }

  #announce(keys: string[]): void {
    if (!this.#peers || this.#closed || keys.length === 0) return;
    const notices: Notice[] = keys.map((key) => {
      const [libraryId = '', conversationId = ''] = key.split(' ');
      this.#version += 1;
      return {
        kind: 'activity',
        instance: this.#id,
        version: this.#version,
        libraryId,
        conversationId,
        ttlMs: this.#intervalMs * EXPIRY_INTERVALS,
        ...this.#local(libraryId, conversationId),
      };
    });
    void this.#send(notices);
  }

  #receive(payload: string): void {
    let parsed: Notice;
    try {
      parsed = notice.parse(JSON.parse(payload));
    } catch {
      return; // another kind of peer notice (presence), or another version's
    }
    if (parsed.instance === this.#id || this.#closed) return;
    switch (parsed.kind) {
      case 'activity_query':
        this.#announce([...this.#localKeys()]);
        return;
      case 'activity_bye':
        for (const [key, instances] of this.#remote) {
          if (!instances.delete(parsed.instance)) continue;
          if (instances.size === 0) this.#remote.delete(key);
          this.#tell(key);
        }
        return;
      case 'activity': {
        const key = keyOf(parsed.libraryId, parsed.conversationId);
        const instances = this.#remote.get(key) ?? new Map<string, Announced>();
        const current = instances.get(parsed.instance);
        if (current && current.version >= parsed.version) return;
        const state = { staff: parsed.staff, customerTyping: parsed.customerTyping };
        if (state.staff.length === 0 && !state.customerTyping) instances.delete(parsed.instance);
        else instances.set(parsed.instance, { version: parsed.version, state, expiresAt: Date.now() + parsed.ttlMs });
        if (instances.size > 0) this.#remote.set(key, instances);
        else this.#remote.delete(key);
        this.#tell(key);
        return;
      }
      default: {
        const unhandled: never = parsed;
        return unhandled;
      }
    }
  }

  /** Drops what other instances announced and did not renew. */
  #sweep(): void {
    const now = Date.now();
    for (const [key, instances] of this.#remote) {
      let expired = false;
      for (const [instance, announced] of instances) {
        if (announced.expiresAt <= now) {
          instances.delete(instance);
          expired = true;
        }
      }
      if (instances.size === 0) this.#remote.delete(key);
      if (expired) this.#tell(key);
    }
  }

  async #send(notices: Notice[]): Promise<void> {
    try {
      await this.#peers?.send(notices.map((n) => JSON.stringify(n)));
    } catch (error) {
      reportBackgroundFailure('activity could not be announced', error);
    }
  }
}

function strongest(a: StaffWriting, b: StaffWriting): StaffWriting {
  if (a === 'reply' || b === 'reply') return 'reply';
  return a ?? b;
}
