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

/** How many handed-over messages may go unrecorded (fetched again after a crash, then deduped). */
const PROGRESS_EVERY = 10;

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
  /** Bytes of mail held in memory per round trip at most (one larger mail alone). */
  maxBatchBytes?: number;
  /** config.mailMaxBytes: a bigger mail is fetched only this far (+1), for the ingest to reject. */
  maxMessageBytes?: number;
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
      maxBatchBytes: 16 * 1024 * 1024,
      maxMessageBytes: 25 * 1024 * 1024,
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
      if (!isDue(row, now)) continue;
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
      // ±20 %, so mailboxes that failed together (a server down) don't retry in step.
      const failures = await recordPollFailure(db, mailboxId, code, backoffMs, 0.8 + Math.random() * 0.4);
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

/**
 * Due when never failed or its back-off has passed, or when an admin changed the settings
 * since the last failure (a fixed password is tried now, not after an hour's back-off).
 */
function isDue(row: MailboxRow, now: number): boolean {
  if (!row.next_poll_at || row.next_poll_at.getTime() <= now) return true;
  return row.last_error_at !== null && row.updated_at.getTime() > row.last_error_at.getTime();
}

/** Consecutive runs of messages whose sizes add up to at most `maxBytes` (a bigger one alone). */
export function byTotalSize<T extends { size?: number }>(messages: T[], maxBytes: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const message of messages) {
    const size = message.size ?? 0;
    if (current.length > 0 && total + size > maxBytes) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(message);
    total += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
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
    // Progress is written every few messages and whenever the run ends (stopped, server gone):
    // after a kill -9 at most those few are fetched again, and the ingest dedupes them.
    let recorded = lastUid;
    let latest = lastUid;
    const flush = async () => {
      if (latest === recorded) return;
      await recordLastUid(db, this.mailboxId, latest);
      recorded = latest;
    };
    try {
      for (let i = 0; i < uids.length && !this.#stopped; i += batchSize) {
        // Sizes first, so a batch of large mails is not held in memory at once and a mail over
        // the limit is fetched only far enough for the ingest to see it is too large.
        const sizes = await client.fetchAll(uids.slice(i, i + batchSize).join(','), { uid: true, size: true }, { uid: true });
        sizes.sort((a, b) => a.uid - b.uid);
        for (const group of byTotalSize(sizes, this.#options.maxBatchBytes)) {
          if (this.#stopped) return;
          const oversized = group.length === 1 && (group[0]?.size ?? 0) > this.#options.maxMessageBytes;
          const source = oversized ? { maxLength: this.#options.maxMessageBytes + 1 } : true;
          const messages = await client.fetchAll(group.map((m) => m.uid).join(','), { uid: true, source }, { uid: true });
          messages.sort((a, b) => a.uid - b.uid);
          for (const message of messages) {
            if (this.#stopped) return;
            if (message.source) {
              try {
                // A rejected mail resolves too (the ingest records it as rejected) and is passed.
                await ingest({ libraryId: this.#settings.libraryId, raw: message.source, mailboxId: this.mailboxId, source: 'imap' });
              } catch {
                throw new ImapPollError('ingest_failed');
              }
            }
            latest = message.uid;
            if (latest - recorded >= PROGRESS_EVERY) await flush();
          }
        }
      }
    } finally {
      // The database may be what failed: then the next run starts from the last recorded UID.
      await flush().catch(() => undefined);
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
