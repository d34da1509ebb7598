// Library-wide staff presence: how many distinct staff members of a library are online (a
// staff socket open and not away) on any app instance. The chat widget tells customers this
// number, so it must not depend on which instance a customer's socket happened to reach.
//
// Each instance holds its own accounts (given by the hub) and what the other instances last
// announced on the relay's peer channel; on PGlite there are no peers and the same counting
// sees the local accounts alone. An instance announces a library's accounts when they change,
// and all its libraries again every interval; an announcement is valid for EXPIRY_INTERVALS
// of the sender's intervals (it says how long), so the staff of a crashed instance drop out
// then, whatever the receiver's own interval. A starting (or reconnected) instance asks the
// others to announce; a closing one says goodbye.
// Notices carry ids only, split so that each stays well under NOTIFY's 8,000 bytes.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PeerChannel } from '../event-relay.js';
import { reportBackgroundFailure } from '../background-failure.js';

const EXPIRY_INTERVALS = 3;
/** 150 uuids of 39 bytes each ("…",) ≈ 5.9 kB, plus the notice's own fields. */
export const IDS_PER_NOTICE = 150;

const notice = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('online'),
    instance: z.string(),
    /** Per sender, increasing: a late older announcement never replaces a newer one. */
    version: z.number().int(),
    libraryId: z.string(),
    part: z.number().int().min(0),
    parts: z.number().int().min(1).max(10_000),
    /** How long the announcement holds without a renewal, in ms (the sender's own setting). */
    ttlMs: z.number().int().positive(),
    accountIds: z.array(z.string()),
  }),
  z.object({ kind: z.literal('query'), instance: z.string() }),
  z.object({ kind: z.literal('bye'), instance: z.string() }),
]);
type Notice = z.infer<typeof notice>;
type OnlineNotice = Extract<Notice, { kind: 'online' }>;

/** What one other instance last announced for one library. */
interface Announced {
  version: number;
  accounts: ReadonlySet<string>;
  expiresAt: number;
}

/** The parts received so far of a split announcement. */
interface Pending {
  version: number;
  chunks: (string[] | undefined)[];
  received: number;
  expiresAt: number;
}

export type PresenceListener = (libraryId: string, staffOnline: number) => void;

export interface PresenceOptions {
  /** The other instances (PostgreSQL); null when this process is the only one (PGlite). */
  peers: PeerChannel | null;
  /** How often every library's accounts are announced again. */
  intervalMs: number;
  /** How long close() waits for the last announcement and the goodbye (default 2 s). */
  closeWaitMs?: number;
}

// An unreachable database must not hold up a shutdown: without the goodbye the other
// instances drop this one's staff when its announcements expire, as after a crash.
const CLOSE_WAIT_MS = 2000;

export class Presence {
  readonly #id = randomUUID();
  readonly #peers: PeerChannel | null;
  readonly #intervalMs: number;
  readonly #closeWaitMs: number;
  /** This instance's online accounts per library (non-empty sets only). */
  readonly #local = new Map<string, ReadonlySet<string>>();
  /** Library → other instance → what it announced. */
  readonly #remote = new Map<string, Map<string, Announced>>();
  readonly #pending = new Map<string, Pending>();
  /** The library-wide counts, as last told to the listeners (0 left out). */
  readonly #counts = new Map<string, number>();
  readonly #listeners = new Set<PresenceListener>();
  /** Libraries whose accounts are to be announced; one send at a time, so they arrive in order. */
  readonly #dirty = new Set<string>();
  #sending = false;
  #sent: Promise<void> = Promise.resolve();
  #version = 0;
  #timer: NodeJS.Timeout | undefined;
  #expiryTimer: NodeJS.Timeout | undefined;
  #nextExpiry = Infinity;
  #stopListening: (() => void) | undefined;
  #closed = false;

  constructor(options: PresenceOptions) {
    this.#peers = options.peers;
    this.#intervalMs = options.intervalMs;
    this.#closeWaitMs = options.closeWaitMs ?? CLOSE_WAIT_MS;
  }

  /** Starts listening to the other instances, asks them for their accounts and begins announcing. */
  start(): void {
    if (!this.#peers || this.#closed) return;
    this.#stopListening = this.#peers.listen(
      (payload) => this.#receive(payload),
      () => this.#query(),
    );
    this.#query();
    this.#timer = setInterval(() => this.#announce(this.#local.keys()), this.#intervalMs);
    this.#timer.unref();
  }

  /**
   * Stops announcing and listening. With a goodbye (the default) the other instances drop this
   * one's staff at once; without, they drop them when the announcements expire, as after a crash.
   * Waits for the sending at most `closeWaitMs`.
   */
  async close(options: { goodbye?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#expiryTimer);
    this.#stopListening?.();
    const farewell = this.#sent.then(async () => {
      if (this.#peers && (options.goodbye ?? true)) await this.#send([{ kind: 'bye', instance: this.#id }]);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#closeWaitMs);
    });
    await Promise.race([farewell, timeout]);
    clearTimeout(timer);
  }

  /** This instance's online accounts of the library, whenever they may have changed. */
  setLocal(libraryId: string, accounts: ReadonlySet<string>): void {
    if (sameSet(this.#local.get(libraryId), accounts)) return;
    if (accounts.size > 0) this.#local.set(libraryId, accounts);
    else this.#local.delete(libraryId);
    this.#announce([libraryId]);
    this.#recount(libraryId);
  }

  /** Distinct staff members of the library online on any instance. */
  staffOnline(libraryId: string): number {
    return this.#counts.get(libraryId) ?? 0;
  }

  /** Calls the listener whenever a library's count changes. */
  onChange(listener: PresenceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #recount(libraryId: string): void {
    const accounts = new Set(this.#local.get(libraryId));
    for (const announced of this.#remote.get(libraryId)?.values() ?? []) {
      for (const accountId of announced.accounts) accounts.add(accountId);
    }
    const count = accounts.size;
    if ((this.#counts.get(libraryId) ?? 0) === count) return;
    if (count > 0) this.#counts.set(libraryId, count);
    else this.#counts.delete(libraryId);
    for (const listener of this.#listeners) listener(libraryId, count);
  }

  /** Makes sure a sweep runs at `at`: expiry follows the sender's ttl, not this instance's interval. */
  #sweepAt(at: number): void {
    if (this.#closed || at >= this.#nextExpiry) return;
    clearTimeout(this.#expiryTimer);
    this.#nextExpiry = at;
    this.#expiryTimer = setTimeout(() => this.#sweep(), Math.max(0, at - Date.now()));
    this.#expiryTimer.unref();
  }

  /** Drops what expired; renewed announcements only move the next sweep later. */
  #sweep(): void {
    this.#nextExpiry = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const [libraryId, instances] of this.#remote) {
      let expired = false;
      for (const [instance, announced] of instances) {
        if (announced.expiresAt > now) next = Math.min(next, announced.expiresAt);
        else {
          instances.delete(instance);
          expired = true;
        }
      }
      if (instances.size === 0) this.#remote.delete(libraryId);
      if (expired) this.#recount(libraryId);
    }
    for (const [key, pending] of this.#pending) {
      if (pending.expiresAt > now) next = Math.min(next, pending.expiresAt);
      else this.#pending.delete(key);
    }
    if (next < Infinity) this.#sweepAt(next);
  }

  #receive(payload: string): void {
    let parsed: Notice;
    try {
      parsed = notice.parse(JSON.parse(payload));
    } catch {
      return; // not ours to understand (another version's notice): ignore, as the relay does
    }
    if (parsed.instance === this.#id || this.#closed) return;
    switch (parsed.kind) {
      case 'query':
        this.#announce(this.#local.keys());
        return;
      case 'bye':
        this.#forget(parsed.instance);
        return;
      case 'online':
        this.#take(parsed);
        return;
      default: {
        const unhandled: never = parsed;
        return unhandled;
      }
    }
  }

  #take(online: OnlineNotice): void {
    const instances = this.#remote.get(online.libraryId);
    const current = instances?.get(online.instance);
    if (current && current.version >= online.version) return;
    const accountIds = online.parts === 1 ? online.accountIds : this.#assemble(online);
    if (!accountIds) return;
    const next = instances ?? new Map<string, Announced>();
    const expiresAt = Date.now() + online.ttlMs;
    next.set(online.instance, { version: online.version, accounts: new Set(accountIds), expiresAt });
    this.#remote.set(online.libraryId, next);
    this.#sweepAt(expiresAt);
    this.#recount(online.libraryId);
  }

  /** Collects the parts of a split announcement; all its ids once the last part is in. */
  #assemble(online: OnlineNotice): string[] | null {
    const key = `${online.instance} ${online.libraryId}`;
    let pending = this.#pending.get(key);
    if (pending && pending.version > online.version) return null;
    if (!pending || pending.version < online.version) {
      pending = {
        version: online.version,
        chunks: new Array<string[] | undefined>(online.parts),
        received: 0,
        expiresAt: Date.now() + online.ttlMs,
      };
      this.#pending.set(key, pending);
      this.#sweepAt(pending.expiresAt);
    }
    if (online.part >= pending.chunks.length || pending.chunks[online.part]) return null;
    pending.chunks[online.part] = online.accountIds;
    pending.received += 1;
    if (pending.received < pending.chunks.length) return null;
    this.#pending.delete(key);
    return pending.chunks.flatMap((chunk) => chunk ?? []);
  }

  #forget(instance: string): void {
    for (const [libraryId, instances] of this.#remote) {
      if (!instances.delete(instance)) continue;
      if (instances.size === 0) this.#remote.delete(libraryId);
      this.#recount(libraryId);
    }
    for (const key of this.#pending.keys()) if (key.startsWith(`${instance} `)) this.#pending.delete(key);
  }

  #query(): void {
    void this.#send([{ kind: 'query', instance: this.#id }]);
  }

  /** Queues the libraries' accounts for announcing; a burst of changes goes out as one send. */
  #announce(libraryIds: Iterable<string>): void {
    if (!this.#peers || this.#closed) return;
    for (const libraryId of libraryIds) this.#dirty.add(libraryId);
    if (!this.#sending && this.#dirty.size > 0) this.#sent = this.#sendDirty();
  }

  async #sendDirty(): Promise<void> {
    this.#sending = true;
    try {
      while (this.#dirty.size > 0 && !this.#closed) {
        const notices = [...this.#dirty].flatMap((libraryId) => this.#online(libraryId));
        this.#dirty.clear();
        await this.#send(notices);
      }
    } finally {
      this.#sending = false;
    }
  }

  /** One library's accounts here as notices: one, or several parts of one version. */
  #online(libraryId: string): OnlineNotice[] {
    const ids = [...(this.#local.get(libraryId) ?? [])];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_NOTICE) chunks.push(ids.slice(i, i + IDS_PER_NOTICE));
    if (chunks.length === 0) chunks.push([]); // nobody here any more: say so
    this.#version += 1;
    const base = {
      kind: 'online',
      instance: this.#id,
      version: this.#version,
      libraryId,
      parts: chunks.length,
      ttlMs: this.#intervalMs * EXPIRY_INTERVALS,
    } as const;
    return chunks.map((accountIds, part) => ({ ...base, part, accountIds }));
  }

  async #send(notices: Notice[]): Promise<void> {
    try {
      await this.#peers?.send(notices.map((n) => JSON.stringify(n)));
    } catch (error) {
      // The next interval announces again; until then the others keep the last announcement.
      reportBackgroundFailure('presence could not be announced', error);
    }
  }
}

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  if ((a?.size ?? 0) !== b.size) return false;
  for (const value of b) if (!a?.has(value)) return false;
  return true;
}
