// The IMAP poller against a real Dovecot and real databases. The ingest is a recording stand-in
// (the poller's contract is "every message handed over once, in UID order, progress kept"); it
// deliberately does not dedupe, so a message fetched twice shows up twice here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createTestDatabase, testBackends, type TestDatabase } from '../../../../test/support/backends.js';
import { login, startDovecot, type Dovecot } from '../../../../test/support/dovecot.js';
import { buildLibrary } from '../../../../test/support/factories.js';
import { openDatabase, type Database } from '../../../platform/db/database.js';
import { migrate } from '../../../platform/db/migrate.js';
import type { DB } from '../../../platform/db/types.js';
import { SecretBox } from '../../../platform/secrets.js';
import type { IngestInput, IngestResult, MailIngest } from './ingest-outcome.js';
import { DEFAULT_BACKOFF_MS, ImapPoller, type PollerLog } from './imap-poller.js';
import { recordPollFailure, recordPollSuccess } from './mailbox-state.js';

const USERS = ['order', 'idle', 'restart', 'renumber', 'password', 'folder', 'tls', 'crash', 'shared', 'inactive', 'big'];
const PASSWORD = 'imap-test-pw';

let counter = 0;
function mail(tag: string): Buffer {
  counter += 1;
  const id = `${tag}-${counter}-${randomBytes(3).toString('hex')}@example.test`;
  return Buffer.from(
    `From: Asiakas <asiakas@example.test>\r\nTo: kirjasto@example.test\r\nSubject: Kysymys ${counter}\r\n` +
      `Message-ID: <${id}>\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\n\r\nHei, kysyn asiaa ${counter}.\r\n`,
  );
}

function messageIdOf(raw: Buffer): string {
  return /^Message-ID: <([^>]+)>/m.exec(raw.toString('latin1'))?.[1] ?? '';
}

interface Recording {
  ingest: MailIngest;
  received: IngestInput[];
  ids(): string[];
  /** How many times each Message-ID was handed over. */
  counts(): Map<string, number>;
}

function recordingIngest(options: { delayMs?: number; reject?: (raw: Buffer) => boolean; fail?: () => boolean } = {}): Recording {
  const received: IngestInput[] = [];
  return {
    received,
    ids: () => received.map((input) => messageIdOf(input.raw)),
    counts() {
      const counts = new Map<string, number>();
      for (const input of received) counts.set(messageIdOf(input.raw), (counts.get(messageIdOf(input.raw)) ?? 0) + 1);
      return counts;
    },
    async ingest(input): Promise<IngestResult> {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.fail?.()) throw new Error('database down');
      received.push(input);
      if (options.reject?.(input.raw)) return { outcome: 'rejected', conversationId: null, messageId: null, reason: 'too_large' };
      return { outcome: 'created', conversationId: null, messageId: null };
    },
  };
}

class CodeLog implements PollerLog {
  readonly codes: string[] = [];
  warn(details: Record<string, unknown>): void {
    if (typeof details.code === 'string') this.codes.push(details.code);
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of testBackends()) {
  describe(`IMAP poller (${backend})`, () => {
    let dovecot: Dovecot;
    let testDatabase: TestDatabase;
    let database: Database;
    let db: Kysely<DB>;
    let libraryId: string;
    const secrets = new SecretBox(randomBytes(32));
    const pollers: ImapPoller[] = [];

    before(async () => {
      dovecot = await startDovecot({ users: USERS.map((user) => ({ user, password: PASSWORD })) });
      testDatabase = await createTestDatabase(backend);
      database = await openDatabase(testDatabase.target);
      db = database.db;
      await migrate(db);
      libraryId = (await buildLibrary(db)).id;
    });

    afterEach(async () => {
      await Promise.all(pollers.splice(0).map((poller) => poller.close()));
      // Each test polls its own mailboxes only.
      await db.updateTable('mailboxes').set({ active: false }).execute();
    });

    after(async () => {
      await database?.close();
      await testDatabase?.drop();
      await dovecot?.cleanup();
    });

    async function addMailbox(
      user: string,
      overrides: { password?: string; folder?: string; port?: number; security?: 'tls' | 'starttls' | 'none' } = {},
    ): Promise<string> {
      const row = await db
        .insertInto('mailboxes')
        .values({
          library_id: libraryId,
          address: `${user}-${randomBytes(3).toString('hex')}@kirjasto.example.test`,
          imap_host: dovecot.host,
          imap_port: overrides.port ?? dovecot.port,
          imap_security: overrides.security ?? 'none',
          imap_user: user,
          imap_secret: secrets.encrypt(overrides.password ?? PASSWORD),
          imap_folder: overrides.folder ?? 'INBOX',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }

    function startPoller(
      ingest: MailIngest,
      options: { pollIntervalMs?: number; log?: PollerLog; maxMessageBytes?: number; maxBatchBytes?: number; backoffMs?: number[] } = {},
    ): ImapPoller {
      const poller = new ImapPoller({
        db,
        secrets,
        ingest,
        pollIntervalMs: options.pollIntervalMs ?? 300,
        ...(database.url ? { databaseUrl: database.url } : {}),
        backoffMs: options.backoffMs ?? [150, 300, 600],
        batchSize: 7,
        ...(options.log ? { log: options.log } : {}),
        ...(options.maxMessageBytes ? { maxMessageBytes: options.maxMessageBytes } : {}),
        ...(options.maxBatchBytes ? { maxBatchBytes: options.maxBatchBytes } : {}),
      });
      pollers.push(poller);
      poller.start();
      return poller;
    }

    const mailboxRow = (id: string) => db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('hands over the mail already in the folder once, in UID order, and records where it is', async () => {
      const raws = Array.from({ length: 30 }, () => mail('order'));
      await dovecot.appendMessages('order', 'INBOX', raws);
      const mailboxId = await addMailbox('order');
      const recording = recordingIngest({ reject: (raw) => raw === raws[4] });
      startPoller(recording.ingest);

      await until('30 messages', () => recording.received.length >= 30);
      await sleep(900); // three poll intervals: nothing is handed over again
      assert.deepEqual(recording.ids(), raws.map(messageIdOf));
      assert.ok(
        recording.received.every((input) => input.libraryId === libraryId && input.mailboxId === mailboxId && input.source === 'imap'),
      );
      const row = await mailboxRow(mailboxId);
      // The rejected fifth message advanced the position like any other.
      assert.equal(row.imap_last_uid, 30);
      assert.ok(row.imap_uid_validity && row.imap_uid_validity > 0);
      assert.equal(row.last_error, null);
      assert.equal(row.failures, 0);
      assert.ok(row.last_success_at);
    });

    it('gets new mail by IDLE without waiting for the poll interval, and leaves it unseen', async () => {
      await dovecot.appendMessages('idle', 'INBOX', [mail('idle')]);
      const mailboxId = await addMailbox('idle');
      const recording = recordingIngest();
      startPoller(recording.ingest, { pollIntervalMs: 60_000 });
      await until('the first message', () => recording.received.length === 1);
      await until('the first success', async () => (await mailboxRow(mailboxId)).last_success_at);
      await sleep(200); // in IDLE by now

      const arrived = mail('idle');
      const sent = Date.now();
      await dovecot.deliver('idle', 'INBOX', arrived);
      await until('the delivered message', () => recording.received.length === 2, 5_000);
      assert.ok(Date.now() - sent < 5_000);
      assert.equal(recording.ids()[1], messageIdOf(arrived));

      // Opened read-only: staff reading the mailbox in their client still see it as new.
      const client = await login(dovecot, 'idle', PASSWORD);
      try {
        await client.mailboxOpen('INBOX', { readOnly: true });
        const seen = await client.search({ seen: true }, { uid: true });
        assert.deepEqual(seen, []);
      } finally {
        await client.logout();
      }
    });

    it('fetches nothing twice and skips nothing when restarted mid-run', async () => {
      const raws = Array.from({ length: 25 }, () => mail('restart'));
      await dovecot.appendMessages('restart', 'INBOX', raws.slice(0, 20));
      await addMailbox('restart');
      const first = recordingIngest({ delayMs: 15 });
      const poller = startPoller(first.ingest);
      await until('some messages', () => first.received.length >= 6);
      await poller.close();
      const handedOver = first.received.length;
      assert.ok(handedOver < 20, `stopped after ${handedOver}`);

      await dovecot.appendMessages('restart', 'INBOX', raws.slice(20));
      const second = recordingIngest();
      startPoller(second.ingest);
      await until('the rest', () => handedOver + second.received.length >= 25);
      await sleep(600);
      assert.deepEqual([...first.ids(), ...second.ids()], raws.map(messageIdOf));
    });

    it('starts the folder again when its UIDVALIDITY changes', async () => {
      const raws = Array.from({ length: 3 }, () => mail('renumber'));
      await dovecot.appendMessages('renumber', 'INBOX', raws);
      const mailboxId = await addMailbox('renumber');
      const recording = recordingIngest();
      startPoller(recording.ingest);
      await until('3 messages', () => recording.received.length === 3);
      const before = await mailboxRow(mailboxId);

      await dovecot.setUidValidity('renumber', 'INBOX', before.imap_uid_validity! + 1000);
      await until('3 more', () => recording.received.length === 6);
      const row = await until('the new UIDVALIDITY', async () => {
        const current = await mailboxRow(mailboxId);
        return current.imap_uid_validity === before.imap_uid_validity! + 1000 && current;
      });
      assert.equal(row.imap_last_uid, 3);
      // Fetched again from the start; the real ingest's Message-ID dedupe stores none twice.
      assert.deepEqual(recording.ids(), [...raws, ...raws].map(messageIdOf));
    });

    it('records login_failed with back-off and recovers once the password is fixed', async () => {
      await dovecot.appendMessages('password', 'INBOX', [mail('password')]);
      const mailboxId = await addMailbox('password', { password: 'wrong password' });
      const recording = recordingIngest();
      const log = new CodeLog();
      // Back-off long enough that only the settings change can explain a retry within the test.
      startPoller(recording.ingest, { log, backoffMs: [150, 60_000] });

      const failed = await until('a failure', async () => {
        const row = await mailboxRow(mailboxId);
        return row.failures >= 2 && row;
      });
      assert.ok(failed.next_poll_at!.getTime() - failed.last_error_at!.getTime() > 40_000);
      assert.equal(failed.last_error, 'login_failed');
      assert.ok(failed.last_error_at);
      assert.ok(failed.next_poll_at && failed.next_poll_at.getTime() > failed.last_error_at.getTime());
      assert.equal(failed.last_success_at, null);
      assert.ok(
        log.codes.every((code) => code === 'login_failed'),
        log.codes.join(),
      );
      assert.equal(recording.received.length, 0);

      // What the admin's edit does: the new secret and a new settings version.
      await db
        .updateTable('mailboxes')
        .set((eb) => ({ imap_secret: secrets.encrypt(PASSWORD), version: eb('version', '+', 1), updated_at: sql`now()` }))
        .where('id', '=', mailboxId)
        .execute();
      await until('the message', () => recording.received.length === 1, 3_000);
      const row = await until('the recovery', async () => {
        const current = await mailboxRow(mailboxId);
        return current.last_success_at && current;
      });
      assert.equal(row.last_error, null);
      assert.equal(row.failures, 0);
      assert.equal(row.next_poll_at, null);
    });

    it('records folder_not_found, tls_failed and connection_refused', async () => {
      const folder = await addMailbox('folder', { folder: 'Asiakaspalvelu' });
      const tls = dovecot.tlsPort ? await addMailbox('tls', { port: dovecot.tlsPort, security: 'tls' }) : null;
      const refused = await addMailbox('shared', { port: 1 });
      const recording = recordingIngest();
      startPoller(recording.ingest);
      const codeOf = async (id: string) => (await mailboxRow(id)).last_error;
      await until('folder_not_found', async () => (await codeOf(folder)) === 'folder_not_found');
      // Dovecot's certificate is self-signed: a TLS failure, never a silent plain connection.
      if (tls) await until('tls_failed', async () => (await codeOf(tls)) === 'tls_failed');
      await until('connection_refused', async () => (await codeOf(refused)) === 'connection_refused');
      await db
        .deleteFrom('mailboxes')
        .where('id', 'in', [folder, refused, ...(tls ? [tls] : [])])
        .execute();
    });

    it('stops polling a deactivated mailbox and picks up a new one within a poll interval', async () => {
      const mailboxId = await addMailbox('inactive');
      const recording = recordingIngest();
      startPoller(recording.ingest);
      await until('connected', async () => (await mailboxRow(mailboxId)).last_success_at);
      await db
        .updateTable('mailboxes')
        .set((eb) => ({ active: false, version: eb('version', '+', 1) }))
        .where('id', '=', mailboxId)
        .execute();
      await sleep(700);
      await dovecot.deliver('inactive', 'INBOX', mail('inactive'));
      await sleep(700);
      assert.equal(recording.received.length, 0);

      await dovecot.appendMessages('shared', 'INBOX', [mail('shared')]);
      await addMailbox('shared');
      await until('the new mailbox', () => recording.received.length === 1, 3_000);
    });

    it('fetches a mail over the size limit only far enough for the ingest to reject it', async () => {
      const small = mail('big');
      const large = Buffer.concat([mail('big'), Buffer.alloc(6000, 'x')]);
      const last = mail('big');
      await dovecot.appendMessages('big', 'INBOX', [small, large, last]);
      await addMailbox('big');
      const recording = recordingIngest();
      startPoller(recording.ingest, { maxMessageBytes: 2000, maxBatchBytes: 3000 });
      await until('three messages', () => recording.received.length === 3);
      assert.deepEqual(recording.ids(), [small, large, last].map(messageIdOf));
      assert.deepEqual(
        recording.received.map((input) => input.raw.length),
        [small.length, 2001, last.length],
      );
    });

    it('backs off 30 s, 1 min, 5 min, 15 min, then hourly, and success clears it', async () => {
      const mailboxId = await addMailbox('tls');
      const delays: number[] = [];
      for (let i = 0; i < 7; i += 1) {
        const failures = await recordPollFailure(db, mailboxId, 'timeout', DEFAULT_BACKOFF_MS, 1);
        assert.equal(failures, i + 1);
        const row = await mailboxRow(mailboxId);
        delays.push(Math.round((row.next_poll_at!.getTime() - row.last_error_at!.getTime()) / 1000));
      }
      assert.deepEqual(delays, [30, 60, 300, 900, 3600, 3600, 3600]);
      await recordPollSuccess(db, mailboxId);
      const row = await mailboxRow(mailboxId);
      assert.deepEqual([row.last_error, row.last_error_at, row.failures, row.next_poll_at], [null, null, 0, null]);
      assert.ok(row.last_success_at);
    });

    it('does not advance past a message the ingest could not take', async () => {
      const raws = Array.from({ length: 4 }, () => mail('folder'));
      await dovecot.appendMessages('folder', 'INBOX', raws);
      const mailboxId = await addMailbox('folder');
      let down = false;
      const recording = recordingIngest({ fail: () => down });
      down = true;
      startPoller(recording.ingest);
      await until('ingest_failed', async () => (await mailboxRow(mailboxId)).last_error === 'ingest_failed');
      assert.equal((await mailboxRow(mailboxId)).imap_last_uid, 0);
      down = false;
      await until('all four', () => recording.received.length === 4);
      assert.deepEqual(recording.ids(), raws.map(messageIdOf));
    });

    it('loses and doubles nothing when Dovecot is killed mid-fetch', async () => {
      const crashing = await startDovecot({ users: [{ user: 'crash', password: PASSWORD }] });
      try {
        const raws = Array.from({ length: 120 }, () => mail('crash'));
        await crashing.appendMessages('crash', 'INBOX', raws);
        const mailboxId = (
          await db
            .insertInto('mailboxes')
            .values({
              library_id: libraryId,
              address: 'crash@kirjasto.example.test',
              imap_host: crashing.host,
              imap_port: crashing.port,
              imap_security: 'none',
              imap_user: 'crash',
              imap_secret: secrets.encrypt(PASSWORD),
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
        const recording = recordingIngest({ delayMs: 4 });
        const log = new CodeLog();
        startPoller(recording.ingest, { log });
        await until('some messages', () => recording.received.length >= 30);
        await crashing.kill();
        await until('connection_lost', () => log.codes.includes('connection_lost'));
        assert.ok(recording.received.length < 120);
        await crashing.restart();
        await until('all 120', () => recording.received.length >= 120, 15_000);
        await sleep(600);
        const counts = recording.counts();
        assert.equal(counts.size, 120);
        assert.ok([...counts.values()].every((n) => n === 1));
        const row = await until('recovered', async () => {
          const current = await mailboxRow(mailboxId);
          return current.last_error === null && current;
        });
        assert.equal(row.imap_last_uid, 120);
      } finally {
        await crashing.cleanup();
      }
    });

    if (backend === 'postgres') {
      it('polls a mailbox from one instance only when several share the database', async () => {
        const raws = Array.from({ length: 20 }, () => mail('shared'));
        await dovecot.appendMessages('shared', 'INBOX', raws);
        await addMailbox('shared');
        const recording = recordingIngest({ delayMs: 5 });
        startPoller(recording.ingest);
        startPoller(recording.ingest);
        startPoller(recording.ingest);
        await until('all 21', () => recording.received.length >= 21);
        await sleep(900);
        const counts = recording.counts();
        assert.equal(counts.size, 21);
        assert.ok([...counts.values()].every((n) => n === 1));
        // One claim on the one active mailbox, held by one of the three instances.
        const locks = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`.execute(db);
        assert.equal(locks.rows[0]?.n, 1);
      });
    }
  });
}
