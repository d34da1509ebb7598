// The runtime runs the IMAP poller when this instance is a mail worker, and stops it on close.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testBackends } from '../support/backends.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { buildLibrary } from '../support/factories.js';
import { loadConfig } from '../../src/platform/config.js';
import type { DatabaseTarget } from '../../src/platform/db/database.js';
import { startRuntime, type Runtime } from '../../src/server/runtime.js';
import type { IngestInput, MailIngest } from '../../src/domains/channels/email/ingest-outcome.js';

const PASSWORD = 'runtime-pw';

function mail(n: number): Buffer {
  return Buffer.from(
    `From: a@example.test\r\nSubject: ${n}\r\nMessage-ID: <runtime-${n}-${randomBytes(3).toString('hex')}@example.test>\r\n\r\nHei\r\n`,
  );
}

function recording(): { ingest: MailIngest; received: IngestInput[] } {
  const received: IngestInput[] = [];
  return {
    received,
    ingest: async (input) => {
      received.push(input);
      return { outcome: 'created', conversationId: null, messageId: null };
    },
  };
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of testBackends()) {
  describe(`IMAP poller in the runtime (${backend})`, () => {
    let dovecot: Dovecot;
    let target: DatabaseTarget;
    let drop: () => Promise<void>;
    const secretKey = randomBytes(32).toString('base64');

    before(async () => {
      dovecot = await startDovecot({ users: [{ user: 'desk', password: PASSWORD }] });
      const database = await createTestDatabase(backend);
      // In memory (PGlite) every runtime has a database of its own; the restart is on PostgreSQL.
      target = database.target;
      drop = database.drop;
    });

    after(async () => {
      await drop?.();
      await dovecot?.cleanup();
    });

    const start = (ingest: MailIngest, worker: '0' | '1'): Promise<Runtime> =>
      startRuntime(
        loadConfig({
          LOG_LEVEL: 'silent',
          KANAVA_SEED_DEMO: '0',
          KANAVA_SECRET_KEY: secretKey,
          KANAVA_DATA_DIR: `${dovecot.dir}/data`,
          KANAVA_MAIL_POLL_INTERVAL: '1',
          KANAVA_MAIL_WORKER: worker,
        }),
        target,
        { mailIngest: ingest },
      );

    async function addMailbox(runtime: Runtime): Promise<void> {
      const db = runtime.database.db;
      if (await db.selectFrom('mailboxes').select('id').executeTakeFirst()) return;
      const library = await buildLibrary(db);
      await db
        .insertInto('mailboxes')
        .values({
          library_id: library.id,
          address: 'desk@kirjasto.example.test',
          imap_host: dovecot.host,
          imap_port: dovecot.port,
          imap_security: 'none',
          imap_user: 'desk',
          imap_secret: runtime.secrets.encrypt(PASSWORD),
        })
        .execute();
    }

    it('polls as a mail worker, not otherwise, and stops polling when closed', async () => {
      await dovecot.appendMessages('desk', 'INBOX', [mail(1), mail(2)]);

      // Whether this instance polls does not depend on the backend: checked where starting is quick.
      if (backend === 'postgres') {
        const idle = recording();
        const webOnly = await start(idle.ingest, '0');
        try {
          await addMailbox(webOnly);
          await sleep(1500);
          assert.equal(idle.received.length, 0);
        } finally {
          await webOnly.close();
        }
      }

      const first = recording();
      const worker = await start(first.ingest, '1');
      try {
        await addMailbox(worker);
        await until('two messages', () => first.received.length === 2);
      } finally {
        await worker.close();
      }
      await dovecot.deliver('desk', 'INBOX', mail(3));
      await sleep(1500);
      assert.equal(first.received.length, 2);
      if (backend === 'pglite') return; // an in-memory database ends with its runtime

      // A new runtime on the same database goes on where the first one stopped.
      const second = recording();
      const again = await start(second.ingest, '1');
      try {
        await until('the third message', () => second.received.length === 1);
        await sleep(1200);
        assert.equal(second.received.length, 1);
      } finally {
        await again.close();
      }
    });
  });
}
