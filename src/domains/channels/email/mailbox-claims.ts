// At most one IMAP connection, and one poll, per mailbox across all instances.
//
// On PostgreSQL an instance claims a mailbox with a session-level advisory lock
// (pg_try_advisory_lock) on one dedicated connection of its own, held for as long as it is
// connected to that mailbox (IDLE can last hours). Chosen over a lease column claimed with
// FOR UPDATE SKIP LOCKED because a lock dies with its session: when an instance is killed
// (kill -9, a lost host) PostgreSQL drops its locks at once and another instance takes the
// mailbox over on its next scan, where a lease would leave the mailbox unpolled until it
// expired, and would need renewing on a timer while IDLE waits. One connection per instance
// holds all of its claims, so the pool is not tied up by long IDLEs.
// If that connection breaks, the claims are gone: the poller must stop every mailbox it runs
// (`onLost`) and claim them again. PGlite is one process: claims are a set in memory.
import pg from 'pg';

export interface MailboxClaims {
  /** True when this instance now holds the mailbox (and no other instance does). */
  tryClaim(mailboxId: string): Promise<boolean>;
  release(mailboxId: string): Promise<void>;
  close(): Promise<void>;
}

export class InProcessClaims implements MailboxClaims {
  readonly #held = new Set<string>();

  async tryClaim(mailboxId: string): Promise<boolean> {
    if (this.#held.has(mailboxId)) return false;
    this.#held.add(mailboxId);
    return true;
  }

  async release(mailboxId: string): Promise<void> {
    this.#held.delete(mailboxId);
  }

  async close(): Promise<void> {
    this.#held.clear();
  }
}

/** Advisory-lock key space of the IMAP poller (first key of the two-key form): "KIMP". */
const LOCK_SPACE = 0x4b494d50;

export class PostgresClaims implements MailboxClaims {
  readonly #url: string;
  readonly #onLost: () => void;
  #client: pg.Client | null = null;
  #connecting: Promise<pg.Client> | null = null;
  readonly #held = new Set<string>();

  constructor(url: string, onLost: () => void) {
    this.#url = url;
    this.#onLost = onLost;
  }

  async tryClaim(mailboxId: string): Promise<boolean> {
    // A lock is re-entrant within its session: the set keeps one claim per mailbox.
    if (this.#held.has(mailboxId)) return false;
    const client = await this.#connection();
    const result = await client.query<{ claimed: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS claimed', [
      LOCK_SPACE,
      mailboxId,
    ]);
    const claimed = result.rows[0]?.claimed === true;
    if (claimed) this.#held.add(mailboxId);
    return claimed;
  }

  async release(mailboxId: string): Promise<void> {
    if (!this.#held.delete(mailboxId)) return;
    const client = this.#client;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, mailboxId]).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#held.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #connection(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.#url });
      client.on('error', () => this.#lost(client));
      client.on('end', () => this.#lost(client));
      try {
        await client.connect();
      } catch (error) {
        this.#connecting = null;
        throw error;
      }
      this.#client = client;
      this.#connecting = null;
      return client;
    })();
    return this.#connecting;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.#held.clear();
    client.end().catch(() => undefined);
    this.#onLost();
  }
}
