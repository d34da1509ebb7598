// The built-in SMTP listener with a real SMTP client (nodemailer): mail for a mailbox
// address (plain or plus-tagged) lands in the same pipeline; an unknown recipient is 550, an
// oversize message 552, a pipeline fault 451 (the sender retries), and a retry is stored once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildLibrary } from '../../../../test/support/factories.js';
import { newMessageId, rawMail } from '../../../../test/support/raw-mail.js';

const MAX_BYTES = 32 * 1024;

for (const backend of testBackends()) {
  describe(`SMTP listener [${backend}]`, () => {
    let app: TestApp;
    let libraryId: string;
    let otherLibraryId: string;
    let port: number;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_SMTP_PORT: '0', KANAVA_MAIL_MAX_BYTES: String(MAX_BYTES) });
      assert.ok(app.runtime.smtp, 'the listener runs when KANAVA_SMTP_PORT is set');
      port = app.runtime.smtp.port;
      libraryId = (await buildLibrary(app.db)).id;
      otherLibraryId = (await buildLibrary(app.db)).id;
      await app.db
        .insertInto('mailboxes')
        .values([
          { library_id: libraryId, address: 'Kirjasto@Smtp.example' },
          { library_id: otherLibraryId, address: 'info@toinen.example' },
        ])
        .execute();
    });
    after(() => app.close());

    const send = (to: string[], raw: Buffer) =>
      nodemailer
        .createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
        .sendMail({ envelope: { from: 'asiakas@example.fi', to }, raw });

    const mailRows = (headerMessageId: string) =>
      app.db
        .selectFrom('mail_messages')
        .select(['library_id', 'mailbox_id', 'outcome'])
        .where('header_message_id', '=', headerMessageId)
        .execute();

    test('mail to a mailbox (any case, plus-tagged) is stored once per library; a retry is a duplicate', async () => {
      const messageId = newMessageId();
      const raw = rawMail({ from: 'smtp.asiakas@example.fi', to: 'kirjasto@smtp.example', messageId, body: 'Hei SMTP:n kautta' });
      const info = await send(['KIRJASTO+jotain@smtp.example', 'info@toinen.example'], raw);
      assert.equal(info.accepted.length, 2);
      const rows = await mailRows(messageId);
      assert.deepEqual(
        rows.map((r) => [r.library_id, r.outcome]).sort(),
        [
          [libraryId, 'created'],
          [otherLibraryId, 'created'],
        ].sort(),
      );
      await send(['kirjasto@smtp.example'], raw);
      assert.equal((await mailRows(messageId)).length, 2, 'the retry stored nothing new');
    });

    test('an unknown recipient is refused with 550', async () => {
      await assert.rejects(send(['ei-ole@smtp.example'], rawMail()), (error: { responseCode?: number }) => error.responseCode === 550);
    });

    test('a message over the size limit is refused with 552', async () => {
      await assert.rejects(
        send(['kirjasto@smtp.example'], rawMail({ body: 'x'.repeat(MAX_BYTES * 2) })),
        (error: { responseCode?: number }) => error.responseCode === 552,
      );
    });

    test('a pipeline fault is 451, so the sender keeps the mail; its retry is stored', async () => {
      // A real database fault: a trigger that refuses this one mail's row.
      const messageId = `fault-${newMessageId()}`;
      await sql`CREATE FUNCTION refuse_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.header_message_id LIKE 'fault-%' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`.execute(app.db);
      await sql`CREATE TRIGGER refuse_fault BEFORE INSERT ON mail_messages FOR EACH ROW EXECUTE FUNCTION refuse_fault()`.execute(app.db);
      const raw = rawMail({ from: 'vika@example.fi', messageId });
      try {
        await assert.rejects(send(['kirjasto@smtp.example'], raw), (error: { responseCode?: number }) => error.responseCode === 451);
        assert.equal((await mailRows(messageId)).length, 0);
        const conversations = await app.db.selectFrom('customers').select('id').where('email', '=', 'vika@example.fi').execute();
        assert.equal(conversations.length, 0, 'nothing of the failed attempt was kept');
      } finally {
        await sql`DROP TRIGGER refuse_fault ON mail_messages`.execute(app.db);
        await sql`DROP FUNCTION refuse_fault()`.execute(app.db);
      }
      await send(['kirjasto@smtp.example'], raw);
      assert.deepEqual(
        (await mailRows(messageId)).map((r) => r.outcome),
        ['created'],
      );
    });
  });
}
