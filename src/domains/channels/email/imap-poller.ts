// Fetches incoming mail from the libraries' IMAP mailboxes and hands every message to the
// ingest. One worker per mailbox keeps one connection open: it fetches what is new, then
// waits in IDLE (or, without IDLE, for the poll interval) and fetches again.
//
// Nothing is ever marked seen, moved or deleted on the server (the folder is opened
// read-only): staff may still read the same mailbox in a mail client, and what is new to
// Kanava is decided by UID, not by flags. Where Kanava is in a folder is its UIDVALIDITY and
// the highest UID the ingest has taken (mailbox-state.ts), advanced one message at a time
// after the ingest resolved, so a crash re-fetches at most the message in hand, which the
// ingest's Message-ID dedupe recognises.
import { ImapFlow } from 'imapflow';
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { MailIngest } from './ingest-outcome.js';
import { settingsFromRow, type MailboxSettings } from './mailbox-settings.js';
import { ImapPollError, imapErrorCode } from './imap-errors.js';
import { InProcessClaims, PostgresClaims, type MailboxClaims } from './mailbox-claims.js';
import {
  listImapMailboxes,
  readFolderPosition,
  recordLastUid,
  recordPollFailure,
  recordPollSuccess,
  restartFolder,
  type MailboxRow,
} from './mailbox-state.js';

/** After 1, 2, 3, 4, 5+ consecutive failures (each ±20 % so many mailboxes don't retry in step). */
export const DEFAULT_BACKOFF_MS = [30_000, 60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

/** Only stable codes and ids: never a password, an address or an exception text. */
export interface PollerLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface ImapPollerOptions {
  db: Kysely<DB>;
  secrets: SecretBox;
  ingest: MailIngest;
  /** Seconds between polls without IDLE, and how soon added or changed mailboxes are noticed. */
  pollIntervalMs: number;
  /** PostgreSQL URL: claims are advisory locks there. Unset (PGlite): claims in this process. */
  databaseUrl?: string;
  backoffMs?: number[];
  /** Messages fetched per round trip; each is handed over and recorded on its own. */
  batchSize?: number;
  /** For connections and greetings; a silent socket gives up after longer (IDLE is quiet). */
  connectTimeoutMs?: number;
  log?: PollerLog;
}

const warningLog: PollerLog = {
  warn: (details, message) => process.emitWarning(`${message} ${JSON.stringify(details)}`),
};

export class ImapPoller {
  readonly #options: Required<Omit<ImapPollerOptions, 'databaseUrl'>>;
  readonly #claims: MailboxClaims;
  readonly #workers = new Map<string, MailboxWorker>();
  #scanTimer: NodeJS.Timeout | null = null;
  #scanning: Promise<void> | null = null;
  #closed = false;

  constructor(options: ImapPollerOptions) {
    this.#options = {
      backoffMs: DEFAULT_BACKOFF_MS,
      batchSize: 50,
      connectTimeoutMs: 15_000,
      log: warningLog,
      ...options,
    };
    this.#claims = options.databaseUrl ? new PostgresClaims(options.databaseUrl, () => this.#claimsLost()) : new InProcessClaims();
  }

  start(): void {
    this.#scheduleScan(0);
  }

  /** Stops every worker (a message in hand is finished and recorded first) and releases the claims. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#scanTimer) clearTimeout(this.#scanTimer);
    await this.#scanning;
    await Promise.all([...this.#workers.values()].map((worker) => worker.stop()));
    await this.#claims.close();
  }

  /** Runs one scan now (tests use it to skip waiting for the timer). */
  async scanNow(): Promise<void> {
    await this.#scan();
  }

  #scheduleScan(delayMs: number): void {
    if (this.#closed) return;
    this.#scanTimer = setTimeout(() => {
      this.#scanning = this.#scan()
        .catch((error: unknown) => this.#options.log.warn({ code: databaseCode(error) }, 'imap poller: reading mailboxes failed'))
        .finally(() => {
          this.#scanning = null;
          this.#scheduleScan(this.#options.pollIntervalMs);
        });
    }, delayMs);
    this.#scanTimer.unref?.();
  }

  async #scan(): Promise<void> {
    const rows = await listImapMailboxes(this.#options.db);
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Deactivated, deleted or changed since the worker started: stop it; a changed one is
    // started again below with its new settings once it has let go.
    for (const worker of this.#workers.values()) {
      const row = byId.get(worker.mailboxId);
      if (!row || row.version !== worker.version) void worker.stop();
    }
    const now = Date.now();
    for (const row of rows) {
      if (this.#closed) return;
      if (this.#workers.has(row.id)) continue;
      if (row.next_poll_at && row.next_poll_at.getTime() > now) continue;
      if (!(await this.#claims.tryClaim(row.id))) continue;
      this.#startWorker(row);
    }
  }

  #startWorker(row: MailboxRow): void {
    let settings: MailboxSettings;
    try {
      settings = settingsFromRow(row, this.#options.secrets);
    } catch {
      // A secret this install's key cannot open (another install's backup): a login failure to staff.
      void this.#recordFailure(row.id, 'login_failed').finally(() => this.#claims.release(row.id));
      return;
    }
    const worker = new MailboxWorker(settings, row.version, this.#options, (id, code) => this.#recordFailure(id, code));
    this.#workers.set(row.id, worker);
    void worker.run().finally(async () => {
      this.#workers.delete(row.id);
      await this.#claims.release(row.id);
    });
  }

  async #recordFailure(mailboxId: string, code: string): Promise<void> {
    const { backoffMs, db, log } = this.#options;
    try {
      const failures = await recordPollFailure(db, mailboxId, code, (n) =>
        jittered(backoffMs[Math.min(n, backoffMs.length) - 1] ?? 60_000),
      );
      log.warn({ mailboxId, code, failures }, 'imap poll failed');
    } catch (error) {
      log.warn({ mailboxId, code, recordFailed: databaseCode(error) }, 'imap poll failed and could not be recorded');
    }
  }

  #claimsLost(): void {
    // Another instance may claim the mailboxes now: let go of them all, the next scan claims again.
    this.#options.log.warn({}, 'imap poller: lost the connection holding mailbox claims');
    for (const worker of this.#workers.values()) void worker.stop();
  }
}

function jittered(ms: number): number {
  return ms * (0.8 + Math.random() * 0.4);
}

function databaseCode(error: unknown): string {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(code) ? code : 'unknown';
}

type WorkerOptions = Required<Omit<ImapPollerOptions, 'databaseUrl'>>;

/** One mailbox's connection: fetch what is new, wait for news, again, until stopped or failing. */
class MailboxWorker {
  readonly mailboxId: string;
  readonly version: number;
  readonly #settings: MailboxSettings;
  readonly #imap: NonNullable<MailboxSettings['imap']>;
  readonly #options: WorkerOptions;
  readonly #onFailure: (mailboxId: string, code: string) => Promise<void>;
  #client: ImapFlow | null = null;
  #stopped = false;
  #wake: (() => void) | null = null;
  #news = false;
  #running: Promise<void> | null = null;

  constructor(
    settings: MailboxSettings,
    version: number,
    options: WorkerOptions,
    onFailure: (mailboxId: string, code: string) => Promise<void>,
  ) {
    this.mailboxId = settings.id;
    this.version = version;
    this.#settings = settings;
    this.#imap = settings.imap!;
    this.#options = options;
    this.#onFailure = onFailure;
  }

  run(): Promise<void> {
    this.#running ??= this.#run();
    return this.#running;
  }

  /** Ends the worker after the message in hand; a stuck server gets its socket closed. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    const force = setTimeout(() => this.#client?.close(), 5_000);
    try {
      await this.#running;
    } finally {
      clearTimeout(force);
    }
  }

  async #run(): Promise<void> {
    const client = this.#connectClient();
    try {
      await client.connect();
      if (this.#stopped) return;
      // Read-only: no \Seen flags set, nothing expunged; the mailbox stays as staff left it.
      await client.mailboxOpen(this.#imap.folder, { readOnly: true });
      const idle = client.capabilities.has('IDLE');
      while (!this.#stopped) {
        await this.#fetchNew(client);
        await recordPollSuccess(this.#options.db, this.mailboxId);
        if (this.#stopped) break;
        await this.#waitForNews(client, idle);
      }
    } catch (error) {
      if (!this.#stopped) await this.#onFailure(this.mailboxId, imapErrorCode(error));
    } finally {
      this.#client = null;
      if (client.usable) await client.logout().catch(() => client.close());
      else client.close();
    }
  }

  #connectClient(): ImapFlow {
    const { host, port, security, user, secret } = this.#imap;
    const client = new ImapFlow({
      host,
      port,
      secure: security === 'tls',
      // starttls: upgrade or fail; none: never upgrade (plain IMAP, loopback setups only).
      doSTARTTLS: security === 'starttls' ? true : false,
      auth: { user: user ?? '', pass: secret ?? '' },
      // imapflow's logger would write the LOGIN command, password included.
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: this.#options.connectTimeoutMs,
      greetingTimeout: this.#options.connectTimeoutMs,
    });
    // Without a listener an 'error' event would end the process; the failing command reports it.
    client.on('error', () => undefined);
    client.on('exists', () => {
      this.#news = true;
      this.#wake?.();
    });
    client.on('close', () => this.#wake?.());
    this.#client = client;
    return client;
  }

  /** Hands over every message above the recorded UID, in UID order. */
  async #fetchNew(client: ImapFlow): Promise<void> {
    const { db, ingest, batchSize } = this.#options;
    this.#news = false;
    const mailbox = client.mailbox;
    if (!mailbox) throw new ImapPollError('connection_lost');
    const uidValidity = Number(mailbox.uidValidity);
    const position = await readFolderPosition(db, this.mailboxId);
    if (!position) {
      this.#stopped = true;
      return;
    }
    let lastUid = position.lastUid;
    if (position.uidValidity !== uidValidity) {
      // The server renumbered the folder (or this is the first visit): old UIDs mean nothing.
      // Everything is fetched again; the ingest's Message-ID dedupe keeps what it already has
      // from being stored twice.
      await restartFolder(db, this.mailboxId, uidValidity);
      lastUid = 0;
    }
    const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
    // `n:*` also matches the highest UID when it is below n: keep only what is really new.
    const uids = (found || []).filter((uid) => uid > lastUid).sort((a, b) => a - b);
    for (let i = 0; i < uids.length && !this.#stopped; i += batchSize) {
      const batch = uids.slice(i, i + batchSize);
      const messages = await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true });
      messages.sort((a, b) => a.uid - b.uid);
      for (const message of messages) {
        if (this.#stopped) return;
        if (!message.source) continue;
        try {
          // A rejected mail resolves too (recorded as rejected by the ingest) and is passed.
          await ingest({ libraryId: this.#settings.libraryId, raw: message.source, mailboxId: this.mailboxId, source: 'imap' });
        } catch {
          throw new ImapPollError('ingest_failed');
        }
        await recordLastUid(db, this.mailboxId, message.uid);
      }
    }
  }

  /** Until the server announces new mail (IDLE), the poll interval passes, or the worker stops. */
  async #waitForNews(client: ImapFlow, idle: boolean): Promise<void> {
    if (this.#news) return;
    let timer: NodeJS.Timeout | undefined;
    const woken = new Promise<void>((resolve) => {
      this.#wake = resolve;
      timer = setTimeout(resolve, this.#options.pollIntervalMs);
    });
    // idle() ends when the next command is sent (the fetch after news) or the socket closes.
    if (idle) client.idle().catch(() => this.#wake?.());
    try {
      await woken;
    } finally {
      clearTimeout(timer);
      this.#wake = null;
    }
    if (!client.usable && !this.#stopped) throw new ImapPollError('connection_lost');
  }
}
