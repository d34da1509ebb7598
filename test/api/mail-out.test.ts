// Mail out: staff replies on email conversations leave through the mailbox's SMTP server (a
// real smtp-server sink here) with the marks that thread the answer back, are retried when
// the server is away or says "later", fail at once when it refuses, are sent once even with
// two instances or a crash before the outcome was recorded, and can be tried again by staff.
// The automatic receipt goes out once, only when the mailbox has it switched on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, useTwoInstances, onlyOnPostgres, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { newMessageId, rawMail } from '../support/raw-mail.js';
import { SmtpSink, type SunkMail } from '../support/smtp-sink.js';
import { receiveInbound } from '../../src/domains/channels/inbound.js';
import { EmailAdapter } from '../../src/domains/channels/email/email-adapter.js';
import { outgoingMessageId, replyAddress, subjectReference } from '../../src/domains/channels/email/thread-tokens.js';
import type { MessageView } from '../../src/contract/conversations.js';
import type { Language } from '../../src/contract/languages.js';

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** A library with a staff member signed in and a mailbox sending through `sink`. */
async function setUp(app: TestApp, sink: SmtpSink, mailbox: { receipt?: boolean } = {}) {
  const library = await buildLibrary(app.db);
  const staff = await buildAccount(app.db, library);
  const cookie = await app.signIn(staff);
  const address = `kirjasto-${randomUUID().slice(0, 8)}@kirjasto.example`;
  const row = await app.db
    .insertInto('mailboxes')
    .values({
      ...sink.sendingMailbox(library.id, address),
      display_name: JSON.stringify({ fi: 'Kaupunginkirjasto', sv: 'Stadsbiblioteket' }),
      signature: JSON.stringify({ fi: 'Ystävällisin terveisin\nKaupunginkirjasto', sv: 'Med vänliga hälsningar\nStadsbiblioteket' }),
      receipt_enabled: mailbox.receipt ?? false,
      receipt_text: JSON.stringify({ fi: 'Kiitos viestistäsi! Vastaamme pian.', sv: 'Tack för ditt meddelande! Vi svarar snart.' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { library, staff, cookie, mailbox: { id: row.id, address } };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** An email conversation as the ingest stores it: the customer's message and its mail_messages row. */
async function incomingMail(app: TestApp, setup: Setup, options: { language?: Language; subject?: string; email?: string | null } = {}) {
  const language = options.language ?? 'sv';
  const headerMessageId = `${randomUUID()}@asiakas.example`;
  const email = options.email === undefined ? `asiakas-${randomUUID().slice(0, 8)}@asiakas.example` : options.email;
  const received = await receiveInbound(
    { db: app.db, bus: app.runtime.bus },
    {
      libraryId: setup.library.id,
      channel: 'email',
      customer: { name: 'Åsa Öberg', email, language },
      language,
      subject: options.subject ?? 'Lånekort',
      body: 'Hej, kan jag förnya mitt lånekort?',
      externalId: headerMessageId,
    },
  );
  await app.db
    .insertInto('mail_messages')
    .values({
      library_id: setup.library.id,
      mailbox_id: setup.mailbox.id,
      conversation_id: received.conversationId,
      message_id: received.message!.id,
      direction: 'in',
      outcome: 'created',
      header_message_id: headerMessageId,
      references: ['root-thread@asiakas.example'],
      from_address: email,
      subject: options.subject ?? 'Lånekort',
    })
    .execute();
  return { conversationId: received.conversationId, messageId: received.message!.id, headerMessageId, email };
}

async function reply(app: TestApp, cookie: string, conversationId: string, body: string): Promise<MessageView> {
  const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body }, cookie });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as MessageView;
}

const deliveryOf = (app: TestApp, messageId: string) =>
  app.db
    .selectFrom('deliveries')
    .select(['id', 'status', 'attempts', 'last_error', 'next_attempt_at'])
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();

const mailsTo = (sink: SmtpSink, conversationId: string): SunkMail[] =>
  sink.mails.filter((m) => (m.parsed.subject ?? '').includes(subjectReference(conversationId)));

/** Makes a scheduled retry due now and wakes the job. */
async function retryNow(app: TestApp, messageId: string) {
  await app.db
    .updateTable('deliveries')
    .set({ next_attempt_at: new Date(Date.now() - 1000) })
    .where('message_id', '=', messageId)
    .execute();
  app.runtime.deliveries!.wake();
}

const header = (mail: SunkMail, name: string) => {
  const value = mail.parsed.headers.get(name);
  return typeof value === 'string' ? value : JSON.stringify(value);
};

for (const backend of testBackends()) {
  describe(`mail out [${backend}]`, () => {
    let app: TestApp;
    let sink: SmtpSink;
    let setup: Setup;

    before(async () => {
      sink = await SmtpSink.start();
      app = await startTestApp(backend, { KANAVA_MAIL_WORKER: '1' });
      setup = await setUp(app, sink);
    });
    after(async () => {
      await app.close();
      await sink.close();
    });

    test('a staff reply is mailed once, threaded, signed and in the conversation’s language', async () => {
      sink.answer = 'accept';
      const mail = await incomingMail(app, setup, { language: 'sv', subject: 'SV: Re: Lånekort' });
      const body = 'Hej Åsa! Ditt lånekort är förnyat. Hälsningar från söder: äöå ÄÖÅ';
      const sent = await reply(app, setup.cookie, mail.conversationId, body);
      assert.equal(sent.delivery?.status, 'queued', 'nothing is sent from the request');
      await until('the reply to be sent', async () => (await deliveryOf(app, sent.id)).status === 'sent');
      const delivery = await deliveryOf(app, sent.id);
      await app.runtime.deliveries!.runOnce();
      const [out, ...more] = mailsTo(sink, mail.conversationId);
      assert.ok(out, 'the sink received the reply');
      assert.equal(more.length, 0, 'sent once');
      const { parsed } = out;
      assert.deepEqual(parsed.from?.value, [{ name: 'Stadsbiblioteket', address: setup.mailbox.address }]);
      assert.deepEqual(out.envelopeTo, [mail.email]);
      assert.equal(parsed.replyTo?.value[0]?.address, replyAddress(app.runtime.secrets, mail.conversationId, setup.mailbox.address));
      const messageId = outgoingMessageId(app.runtime.secrets, delivery.id, setup.mailbox.address);
      assert.equal(parsed.messageId, `<${messageId}>`);
      assert.equal(parsed.inReplyTo, `<${mail.headerMessageId}>`);
      assert.deepEqual(parsed.references, ['<root-thread@asiakas.example>', `<${mail.headerMessageId}>`]);
      assert.equal(parsed.subject, `Re: Lånekort ${subjectReference(mail.conversationId)}`);
      assert.equal(parsed.text?.trimEnd(), `${body}\n\n-- \nMed vänliga hälsningar\nStadsbiblioteket`);
      assert.match(parsed.html || '', /lånekort är förnyat/);
      assert.equal(header(out, 'content-language'), 'sv');
      assert.equal(header(out, 'auto-submitted'), 'no');
      assert.equal(header(out, 'x-kanava-loop'), setup.library.id);
      assert.match(out.raw, /Content-Transfer-Encoding: quoted-printable/i);
      assert.match(out.raw, /charset=utf-8/i);

      const recorded = await app.db
        .selectFrom('mail_messages')
        .selectAll()
        .where('library_id', '=', setup.library.id)
        .where('direction', '=', 'out')
        .where('conversation_id', '=', mail.conversationId)
        .execute();
      assert.deepEqual(
        recorded.map((r) => [r.outcome, r.header_message_id, r.in_reply_to, r.message_id, r.mailbox_id, r.subject]),
        [['sent', messageId, mail.headerMessageId, sent.id, setup.mailbox.id, parsed.subject]],
      );
      assert.deepEqual(recorded[0]!.references, ['root-thread@asiakas.example', mail.headerMessageId]);

      const listed = await app.request(`/api/v1/conversations/${mail.conversationId}/messages`, { cookie: setup.cookie });
      const view = ((await listed.json()) as { items: MessageView[] }).items.find((m) => m.id === sent.id);
      assert.equal(view?.delivery?.status, 'sent');
    });

    test('a server that says "try later" gets the reply again after the pause, once', async () => {
      const mail = await incomingMail(app, setup, { language: 'fi', subject: 'Varaus' });
      sink.answer = 451;
      const sent = await reply(app, setup.cookie, mail.conversationId, 'Varauksesi on noudettavissa.');
      const waiting = await until('the first attempt to fail', async () => {
        const row = await deliveryOf(app, sent.id);
        return row.attempts === 1 ? row : undefined;
      });
      assert.equal(waiting.status, 'queued');
      assert.equal(waiting.last_error, 'smtp_unavailable');
      const pause = waiting.next_attempt_at!.getTime() - Date.now();
      assert.ok(pause > 45_000 && pause < 70_000, `about a minute until the retry, was ${pause} ms`);
      assert.equal(mailsTo(sink, mail.conversationId).length, 0);
      const listed = await app.request(`/api/v1/conversations/${mail.conversationId}/messages`, { cookie: setup.cookie });
      const view = ((await listed.json()) as { items: MessageView[] }).items.find((m) => m.id === sent.id);
      assert.deepEqual(
        [view?.delivery?.status, view?.delivery?.error, view?.delivery?.retryAt],
        ['queued', 'smtp_unavailable', waiting.next_attempt_at!.toISOString()],
        'staff see why it waits and when it is tried again',
      );

      sink.answer = 'accept';
      await retryNow(app, sent.id);
      await until('the retry to be sent', async () => (await deliveryOf(app, sent.id)).status === 'sent');
      assert.equal(mailsTo(sink, mail.conversationId).length, 1);
      const [out] = mailsTo(sink, mail.conversationId);
      assert.match(out!.parsed.text ?? '', /Ystävällisin terveisin\nKaupunginkirjasto/);
      assert.equal(out!.parsed.from?.value[0]?.name, 'Kaupunginkirjasto');
    });

    test('a refusal (5xx) fails the reply at once; staff try again and it goes out', async () => {
      const mail = await incomingMail(app, setup, { subject: 'Fjärrlån' });
      sink.answer = 550;
      const sent = await reply(app, setup.cookie, mail.conversationId, 'Fjärrlånet är beställt.');
      const failed = await until('the refusal to be recorded', async () => {
        const row = await deliveryOf(app, sent.id);
        return row.status === 'failed' ? row : undefined;
      });
      assert.deepEqual([failed.last_error, failed.attempts], ['smtp_rejected', 1]);

      const other = await buildLibrary(app.db);
      const outsider = await app.signIn(await buildAccount(app.db, other, { role: 'admin' }));
      const retryPath = `/api/v1/conversations/${mail.conversationId}/messages/${sent.id}/delivery/retry`;
      const foreign = await app.request(retryPath, { method: 'POST', cookie: outsider });
      assert.equal(foreign.status, 404);
      const wrongConversation = await app.request(`/api/v1/conversations/${randomUUID()}/messages/${sent.id}/delivery/retry`, {
        method: 'POST',
        cookie: setup.cookie,
      });
      assert.equal(wrongConversation.status, 404);
      const badId = await app.request(`/api/v1/conversations/${mail.conversationId}/messages/nope/delivery/retry`, {
        method: 'POST',
        cookie: setup.cookie,
      });
      assert.equal(badId.status, 400);
      assert.equal((await deliveryOf(app, sent.id)).status, 'failed', 'nobody else moved it');

      sink.answer = 'accept';
      const retried = await app.request(retryPath, { method: 'POST', cookie: setup.cookie });
      assert.equal(retried.status, 200, await retried.clone().text());
      assert.equal(((await retried.json()) as { status: string }).status, 'queued');
      await until('the retried reply to be sent', async () => (await deliveryOf(app, sent.id)).status === 'sent');
      assert.equal(mailsTo(sink, mail.conversationId).length, 1);

      const again = await app.request(retryPath, { method: 'POST', cookie: setup.cookie });
      assert.equal(again.status, 409);
      const refusal = (await again.json()) as { error: { code: string; details?: { reason?: string }; message: string } };
      assert.equal(refusal.error.code, 'conflict');
      assert.equal(refusal.error.details?.reason, 'delivery_not_failed');
      assert.match(refusal.error.message, /nothing to try again|ei tarvitse yrittää/);
    });

    test('a mail server that is down: the reply waits and is sent when it is back', async () => {
      const mail = await incomingMail(app, setup, { subject: 'Öppettider' });
      const down = await SmtpSink.start();
      await down.close();
      await app.db.updateTable('mailboxes').set({ smtp_port: down.port }).where('id', '=', setup.mailbox.id).execute();
      try {
        const sent = await reply(app, setup.cookie, mail.conversationId, 'Vi har öppet till åtta.');
        const waiting = await until('the connection failure', async () => {
          const row = await deliveryOf(app, sent.id);
          return row.attempts === 1 ? row : undefined;
        });
        assert.deepEqual([waiting.status, waiting.last_error], ['queued', 'smtp_unavailable']);
        await app.db.updateTable('mailboxes').set({ smtp_port: sink.port }).where('id', '=', setup.mailbox.id).execute();
        sink.answer = 'accept';
        await retryNow(app, sent.id);
        await until('the reply to be sent', async () => (await deliveryOf(app, sent.id)).status === 'sent');
        assert.equal(mailsTo(sink, mail.conversationId).length, 1);
      } finally {
        await app.db.updateTable('mailboxes').set({ smtp_port: sink.port }).where('id', '=', setup.mailbox.id).execute();
      }
    });

    test('a crash between the server’s accept and the record resends the same mail, recorded once', async () => {
      const mail = await incomingMail(app, setup, { subject: 'Kaukolaina' });
      sink.answer = 451;
      const sent = await reply(app, setup.cookie, mail.conversationId, 'Kaukolaina on tilattu.');
      await until('the first attempt to fail', async () => (await deliveryOf(app, sent.id)).attempts === 1);
      sink.answer = 'accept';
      // The instance that "crashed": it handed the mail over, and died before recording it.
      const crashed = new EmailAdapter({ db: app.db, secrets: app.runtime.secrets });
      try {
        assert.equal(
          await crashed.deliver({ libraryId: setup.library.id, conversationId: mail.conversationId, channel: 'email', message: sent }),
          'sent',
        );
      } finally {
        crashed.close();
      }
      assert.equal((await deliveryOf(app, sent.id)).status, 'queued');
      await retryNow(app, sent.id);
      await until('the resend to be recorded', async () => (await deliveryOf(app, sent.id)).status === 'sent');
      const copies = mailsTo(sink, mail.conversationId);
      assert.equal(copies.length, 2);
      assert.equal(copies[0]!.parsed.messageId, copies[1]!.parsed.messageId, 'the same Message-ID both times');
      const rows = await app.db
        .selectFrom('mail_messages')
        .select('header_message_id')
        .where('conversation_id', '=', mail.conversationId)
        .where('direction', '=', 'out')
        .execute();
      assert.equal(rows.length, 1);
    });

    test('without an email address or a mailbox the reply fails with a code staff can act on', async () => {
      const noAddress = await incomingMail(app, setup, { email: null, subject: 'Anonyymi' });
      const first = await reply(app, setup.cookie, noAddress.conversationId, 'Kenelle tämä lähtee?');
      await until('no_recipient', async () => (await deliveryOf(app, first.id)).last_error === 'no_recipient');
      assert.equal((await deliveryOf(app, first.id)).status, 'failed');

      const bare = await buildLibrary(app.db);
      const staff: TestAccount = await buildAccount(app.db, bare);
      const cookie = await app.signIn(staff);
      const { conversationId } = await receiveInbound(
        { db: app.db, bus: app.runtime.bus },
        {
          libraryId: bare.id,
          channel: 'email',
          customer: { name: null, email: 'x@asiakas.example', language: 'fi' },
          language: 'fi',
          body: 'Hei',
        },
      );
      const second = await reply(app, cookie, conversationId, 'Hei!');
      const failed = await until('no_mailbox', async () => {
        const row = await deliveryOf(app, second.id);
        return row.status === 'failed' ? row : undefined;
      });
      assert.equal(failed.last_error, 'no_mailbox');
    });

    test('the automatic receipt goes out once, for a new conversation of a mailbox that has it on', async () => {
      sink.answer = 'accept';
      const withReceipt = await setUp(app, sink, { receipt: true });
      const ingest = (to: string, spec: Parameters<typeof rawMail>[0]) =>
        app.runtime.mailIngest({
          libraryId: to === withReceipt.mailbox.address ? withReceipt.library.id : setup.library.id,
          raw: rawMail({ to, ...spec }),
          source: 'push',
        });
      const firstId = newMessageId('asiakas.example');
      const first = await ingest(withReceipt.mailbox.address, {
        from: 'Matti Meikäläinen <matti@asiakas.example>',
        subject: 'Kadonnut kirja',
        body: 'Hei, hukkasin kirjan.',
        messageId: firstId,
        headers: { 'Content-Language': 'fi' },
      });
      assert.equal(first.outcome, 'created');
      const conversationId = first.conversationId!;
      await until('the receipt', async () => (await deliveryOf(app, first.messageId!).catch(() => null))?.status === 'sent');
      // The customer writes again in the same thread, and an out-of-office answer arrives: no more receipts.
      const again = await ingest(withReceipt.mailbox.address, {
        from: 'matti@asiakas.example',
        subject: 'VS: Kadonnut kirja',
        inReplyTo: firstId,
      });
      assert.equal(again.outcome, 'appended');
      const away = await ingest(withReceipt.mailbox.address, {
        from: 'poissa@asiakas.example',
        subject: 'Automaattinen vastaus: Kadonnut kirja',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      assert.equal(away.outcome, 'auto_reply');
      // A mailbox without a receipt.
      const quiet = await ingest(setup.mailbox.address, { from: 'asa@asiakas.example', subject: 'Ingen kvittens' });
      assert.equal(quiet.outcome, 'created');
      await app.runtime.deliveries!.runOnce();
      await app.runtime.deliveries!.idle();

      const receipts = mailsTo(sink, conversationId);
      assert.equal(receipts.length, 1);
      const [receipt] = receipts;
      assert.equal(receipt!.parsed.text?.trim(), 'Kiitos viestistäsi! Vastaamme pian.');
      assert.equal(header(receipt!, 'auto-submitted'), 'auto-replied');
      assert.equal(receipt!.parsed.inReplyTo, `<${firstId}>`);
      assert.equal(
        receipt!.parsed.replyTo?.value[0]?.address,
        replyAddress(app.runtime.secrets, conversationId, withReceipt.mailbox.address),
      );
      assert.equal(receipt!.parsed.subject, `Re: Kadonnut kirja ${subjectReference(conversationId)}`);
      const rows = await app.db
        .selectFrom('deliveries')
        .select('id')
        .where('message_id', 'in', [again.messageId!, quiet.messageId!])
        .execute();
      assert.equal(rows.length, 0, 'no receipt queued for an appended mail or a mailbox without one');
      assert.equal(mailsTo(sink, quiet.conversationId!).length, 0);
    });
  });
}

describe('mail out with two instances [postgres]', onlyOnPostgres, () => {
  const instances = useTwoInstances({ KANAVA_MAIL_WORKER: '1' });
  let sink: SmtpSink;
  before(async () => {
    sink = await SmtpSink.start();
  });
  after(() => sink.close());

  test('each reply is mailed exactly once while both instances send', async () => {
    const { a, b } = instances;
    const setup = await setUp(a, sink);
    const cookieB = await b.signIn(setup.staff);
    const mail = await incomingMail(a, setup, { subject: 'Monta vastausta' });
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => reply(i % 2 ? b : a, i % 2 ? cookieB : setup.cookie, mail.conversationId, `Vastaus ${i}`)),
    );
    await until('every reply to be sent', async () => {
      const rows = await a.db.selectFrom('deliveries').select('status').where('conversation_id', '=', mail.conversationId).execute();
      return rows.length === replies.length && rows.every((r) => r.status === 'sent');
    });
    await Promise.all([a.runtime.deliveries!.runOnce(), b.runtime.deliveries!.runOnce()]);
    const mails = mailsTo(sink, mail.conversationId);
    assert.equal(mails.length, replies.length);
    assert.equal(new Set(mails.map((m) => m.parsed.messageId)).size, replies.length);
    assert.deepEqual(mails.map((m) => m.parsed.text?.split('\n')[0]).sort(), replies.map((r) => r.body).sort());
  });
});
