// The push ingress (POST /api/v1/ingress/mail) and the pipeline behind it: off without the
// secret, the bearer secret and the media type checked before the body, mail stored once
// (sequential and concurrent copies), auto-replies and bounces kept out of conversations, a
// bounce failing the reply it names, attachments stored and downloadable by the library's
// staff only, ä/ö/å intact, and one customer per address across chat and email.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { INGRESS_SECRET, ingest, newMessageId, pushMail, rawMail } from '../support/raw-mail.js';
import { outgoingMessageId } from '../../src/domains/channels/email/thread-tokens.js';
import { TestSocket } from '../support/ws.js';

interface ErrorBody {
  error: { code: string; message: string };
}
interface MessageBody {
  id: string;
  kind: string;
  body: string;
  delivery: { status: string; error: string | null } | null;
  attachments: { id: string; filename: string; contentType: string; size: number; inline: boolean }[];
}

const MAX_BYTES = 64 * 1024;

for (const backend of testBackends()) {
  describe(`mail push ingress [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let libraryId: string;
    let staff: TestAccount;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_MAIL_INGRESS_SECRET: INGRESS_SECRET, KANAVA_MAIL_MAX_BYTES: String(MAX_BYTES) });
      const library = await buildLibrary(app.db);
      slug = library.slug;
      libraryId = library.id;
      staff = await buildAccount(app.db, library);
      cookie = await app.signIn(staff);
    });
    after(() => app.close());

    const messages = async (conversationId: string) =>
      ((await (await app.request(`/api/v1/conversations/${conversationId}/messages`, { cookie })).json()) as { items: MessageBody[] })
        .items;

    test('the secret, the media type and the library are checked; each refusal says what to do', async () => {
      const missing = await app.request(`/api/v1/ingress/mail?library=${slug}`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: rawMail(),
      });
      assert.equal(missing.status, 401);
      assert.match(((await missing.json()) as ErrorBody).error.message, /Authorization: Bearer/);
      const wrong = await pushMail(app, slug, rawMail(), `${INGRESS_SECRET}x`);
      assert.equal(wrong.status, 401);
      const json = await app.request(`/api/v1/ingress/mail?library=${slug}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGRESS_SECRET}`, 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(json.status, 415);
      assert.match(((await json.json()) as ErrorBody).error.message, /message\/rfc822/);
      const unknown = await pushMail(app, 'no-such-library', rawMail());
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as ErrorBody).error.code, 'not_found');
      const noLibrary = await app.request('/api/v1/ingress/mail', {
        method: 'POST',
        headers: { authorization: `Bearer ${INGRESS_SECRET}`, 'content-type': 'message/rfc822' },
        body: rawMail(),
      });
      assert.equal(noLibrary.status, 400);
    });

    test('a new mail opens an email conversation with the sender as customer; ä/ö/å survive', async () => {
      const answer = await ingest(app, slug, {
        from: 'Äijä Öhman <Aija.Ohman@Example.FI>',
        subject: 'VS: Re: Lainaksi säätiedotus – åtta böcker',
        body: 'Hyvää päivää! Voisinko lainata kirjan "Äänisen aallot"? Tack på förhand, Åsa',
      });
      assert.equal(answer.outcome, 'created');
      assert.ok(answer.conversationId && answer.messageId);
      const conversation = (await (await app.request(`/api/v1/conversations/${answer.conversationId}`, { cookie })).json()) as {
        channel: string;
        subject: string;
        customer: { name: string; email: string };
      };
      assert.equal(conversation.channel, 'email');
      assert.equal(conversation.subject, 'Lainaksi säätiedotus – åtta böcker');
      assert.deepEqual(conversation.customer, { ...conversation.customer, name: 'Äijä Öhman', email: 'aija.ohman@example.fi' });
      const [message] = await messages(answer.conversationId);
      assert.equal(message?.id, answer.messageId);
      assert.equal(message?.kind, 'customer');
      assert.match(message?.body ?? '', /Äänisen aallot.*Åsa/s);
    });

    test('the same mail twice, one after the other or at once, is stored once', async () => {
      const raw = rawMail({ from: 'kaksi@example.fi', messageId: newMessageId() });
      const first = await ingest(app, slug, raw);
      const again = await ingest(app, slug, raw);
      assert.equal(first.outcome, 'created');
      assert.deepEqual(again, { outcome: 'duplicate', conversationId: first.conversationId, messageId: first.messageId });
      assert.equal((await messages(first.conversationId!)).length, 1);

      const together = rawMail({ from: 'samaan-aikaan@example.fi', messageId: newMessageId() });
      const answers = await Promise.all(Array.from({ length: 6 }, () => ingest(app, slug, together)));
      assert.deepEqual(answers.map((a) => a.outcome).sort(), ['created', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
      assert.equal(new Set(answers.map((a) => a.conversationId)).size, 1);
      const customers = await app.db
        .selectFrom('customers')
        .select('id')
        .where('library_id', '=', libraryId)
        .where('email', '=', 'samaan-aikaan@example.fi')
        .execute();
      assert.equal(customers.length, 1);
    });

    test('two first mails at once from one new address make one customer', async () => {
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) => ingest(app, slug, { from: 'uusi-osoite@example.fi', subject: `Asia ${i}` })),
      );
      assert.deepEqual(
        answers.map((a) => a.outcome),
        ['created', 'created', 'created', 'created'],
      );
      const customers = await app.db
        .selectFrom('customers')
        .select('id')
        .where('library_id', '=', libraryId)
        .where('email', '=', 'uusi-osoite@example.fi')
        .execute();
      assert.equal(customers.length, 1);
    });

    test('a mail without Message-ID is recognised again by its content', async () => {
      const raw = rawMail({ from: 'ei-tunnusta@example.fi', messageId: null, body: 'Ilman tunnistetta' });
      const first = await ingest(app, slug, raw);
      assert.equal(first.outcome, 'created');
      assert.equal((await ingest(app, slug, raw)).outcome, 'duplicate');
    });

    test('a junk Message-ID thousands of characters long is stored and recognised again', async () => {
      const raw = rawMail({ from: 'pitka@example.fi', messageId: `${'x'.repeat(5000)}@example.fi`, references: ['y'.repeat(3000)] });
      assert.equal((await ingest(app, slug, raw)).outcome, 'created');
      assert.equal((await ingest(app, slug, raw)).outcome, 'duplicate');
    });

    test('auto-replies and bounces never open a conversation', async () => {
      const before = await app.db.selectFrom('conversations').select('id').where('library_id', '=', libraryId).execute();
      const outOfOffice = await ingest(app, slug, {
        from: 'lomalla@example.fi',
        subject: 'Automaattinen vastaus: Kysymys',
        headers: { 'Auto-Submitted': 'auto-replied' },
      });
      assert.equal(outOfOffice.outcome, 'auto_reply');
      assert.equal(outOfOffice.conversationId, null);
      assert.equal(outOfOffice.messageId, null);
      const bounce = await ingest(app, slug, { from: 'MAILER-DAEMON@mx.example.fi', subject: 'Undelivered Mail Returned to Sender' });
      assert.equal(bounce.outcome, 'bounce');
      assert.equal(bounce.conversationId, null);
      const afterwards = await app.db.selectFrom('conversations').select('id').where('library_id', '=', libraryId).execute();
      assert.equal(afterwards.length, before.length);
      const rows = await app.db
        .selectFrom('mail_messages')
        .select(['outcome', 'reason', 'message_id'])
        .where('library_id', '=', libraryId)
        .where('outcome', 'in', ['auto_reply', 'bounce'])
        .execute();
      assert.equal(rows.length, 2);
      assert.ok(rows.every((row) => row.message_id === null && row.reason));
    });

    test('a bounce naming our reply marks its delivery failed mail_bounced', async () => {
      const opened = await ingest(app, slug, { from: 'palautuu@example.fi' });
      const reply = await app.request(`/api/v1/conversations/${opened.conversationId}/messages`, { cookie, json: { body: 'Vastaus' } });
      const replyMessage = (await reply.json()) as MessageBody;
      const delivery = await app.db
        .selectFrom('deliveries')
        .select('id')
        .where('message_id', '=', replyMessage.id)
        .executeTakeFirstOrThrow();
      const ourId = outgoingMessageId(app.runtime.secrets, delivery.id, 'kirjasto@library.example');
      const report = [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.fi>',
        'To: kirjasto@library.example',
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${newMessageId('mx.example.fi')}>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'The mail could not be delivered.',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; palautuu@example.fi',
        'Action: failed',
        'Status: 5.1.1',
        '--r',
        'Content-Type: text/rfc822-headers',
        '',
        'From: kirjasto@library.example',
        'To: palautuu@example.fi',
        `Message-ID: <${ourId}>`,
        '--r--',
        '',
      ].join('\r\n');
      const answer = await ingest(app, slug, Buffer.from(report));
      assert.equal(answer.outcome, 'bounce');
      assert.equal(answer.conversationId, opened.conversationId);
      const shown = (await messages(opened.conversationId!)).find((m) => m.id === replyMessage.id);
      assert.deepEqual(shown?.delivery && { status: shown.delivery.status, error: shown.delivery.error }, {
        status: 'failed',
        error: 'mail_bounced',
      });
      assert.equal((await messages(opened.conversationId!)).length, 2, 'the bounce added no message');
    });

    test('a mail over the limit is rejected too_large (stored as such), far over it 413; a loop is rejected', async () => {
      const big = rawMail({ from: 'iso@example.fi', body: 'x'.repeat(MAX_BYTES * 2) });
      const response = await pushMail(app, slug, big);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { outcome: 'rejected', conversationId: null, messageId: null, reason: 'too_large' });
      const huge = await pushMail(app, slug, rawMail({ body: 'x'.repeat(MAX_BYTES * 6) }));
      assert.equal(huge.status, 413);
      assert.equal(((await huge.json()) as ErrorBody).error.code, 'payload_too_large');
      // Our own mailbox writing to itself (an auto-responder answering us): rejected, no conversation.
      const mailbox = await app.db
        .insertInto('mailboxes')
        .values({ library_id: libraryId, address: 'Palvelu@Library.example' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const looped = await ingest(app, slug, { from: 'palvelu@library.example', to: 'palvelu@library.example' });
      assert.deepEqual(looped, { outcome: 'rejected', conversationId: null, messageId: null, reason: 'mail_loop' });
      const addressed = await ingest(app, slug, { from: 'kirjoittaja@example.fi', to: 'palvelu+jotain@library.example' });
      const row = await app.db
        .selectFrom('mail_messages')
        .select(['mailbox_id', 'outcome'])
        .where('message_id', '=', addressed.messageId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { mailbox_id: mailbox.id, outcome: 'created' });
      const rejectedRows = await app.db
        .selectFrom('mail_messages')
        .select('reason')
        .where('library_id', '=', libraryId)
        .where('outcome', '=', 'rejected')
        .execute();
      assert.deepEqual(rejectedRows.map((r) => r.reason).sort(), ['mail_loop', 'too_large']);
    });

    test('attachments are listed on the message and downloadable by the library’s staff only, never rendered', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
      const html = Buffer.from('<script>alert(1)</script>');
      const answer = await ingest(app, slug, {
        from: 'liite@example.fi',
        body: 'Liitteenä kuva ja sivu',
        attachments: [
          { filename: 'kuvä öljystä.png', contentType: 'image/png', content: png },
          { filename: 'sivu.html', contentType: 'text/html', content: html },
        ],
      });
      const [message] = await messages(answer.conversationId!);
      assert.deepEqual(
        message?.attachments.map((a) => [a.filename, a.contentType, a.size, a.inline]),
        [
          ['kuvä öljystä.png', 'image/png', png.length, false],
          ['sivu.html', 'text/html', html.length, false],
        ],
      );
      const [image, page] = message!.attachments;
      const download = await app.request(`/api/v1/conversations/${answer.conversationId}/attachments/${image!.id}`, { cookie });
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.equal(
        download.headers.get('content-disposition'),
        `attachment; filename="kuv_ _ljyst_.png"; filename*=UTF-8''${encodeURIComponent('kuvä öljystä.png')}`,
      );
      assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(download.headers.get('content-security-policy'), "sandbox; default-src 'none'");
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), png);
      const script = await app.request(`/api/v1/conversations/${answer.conversationId}/attachments/${page!.id}`, { cookie });
      assert.equal(script.headers.get('content-type'), 'application/octet-stream');

      const other = await buildLibrary(app.db);
      const outsider = await app.signIn(await buildAccount(app.db, other));
      const refused = await app.request(`/api/v1/conversations/${answer.conversationId}/attachments/${image!.id}`, { cookie: outsider });
      assert.equal(refused.status, 404);
      const anonymous = await app.request(`/api/v1/conversations/${answer.conversationId}/attachments/${image!.id}`);
      assert.equal(anonymous.status, 401);
    });

    test('a staff socket resuming the conversation gets the messages with their attachments', async () => {
      const answer = await ingest(app, slug, {
        from: 'uudelleen@example.fi',
        attachments: [{ filename: 'kuitti.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }],
      });
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie });
      try {
        await socket.waitFor((f) => f.type === 'ready');
        socket.send({ type: 'subscribe', conversationId: answer.conversationId, lastSeq: 0 });
        await socket.waitFor((f) => f.type === 'subscribed');
        const replayed = socket.frames.find((f) => f.type === 'message' && (f.message as MessageBody).id === answer.messageId);
        assert.deepEqual(
          (replayed?.message as MessageBody | undefined)?.attachments.map((a) => a.filename),
          ['kuitti.pdf'],
        );
      } finally {
        socket.socket.close();
      }
    });

    test('a mail without text is stored with a stand-in; without sender or without anything it is rejected with a reason', async () => {
      const onlyFile = await ingest(app, slug, {
        from: 'vain-liite@example.fi',
        body: '',
        attachments: [{ filename: 'hakemus.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') }],
      });
      assert.equal(onlyFile.outcome, 'created');
      const stored = await app.db.selectFrom('messages').select('body').where('id', '=', onlyFile.messageId).executeTakeFirstOrThrow();
      assert.match(stored.body, /hakemus\.pdf/);
      const anonymous = await ingest(app, slug, { from: null, subject: 'Kuka?' });
      assert.deepEqual(anonymous, { outcome: 'rejected', conversationId: null, messageId: null, reason: 'no_sender' });
      const empty = await ingest(app, slug, { from: 'tyhja@example.fi', subject: '', body: '' });
      assert.deepEqual(empty, { outcome: 'rejected', conversationId: null, messageId: null, reason: 'no_content' });
    });

    test('a chat customer who then emails from the same address (any case) is one customer', async () => {
      const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, {
        json: { language: 'sv', body: 'Hej', email: 'Samma.Person@example.fi' },
      });
      assert.equal(chat.status, 201);
      const { conversationId: chatId } = (await chat.json()) as { conversationId: string };
      const answer = await ingest(app, slug, { from: 'SAMMA.PERSON@EXAMPLE.FI', subject: 'Fråga' });
      const customerOf = async (id: string) =>
        ((await (await app.request(`/api/v1/conversations/${id}`, { cookie })).json()) as { customer: { id: string } }).customer.id;
      assert.notEqual(answer.conversationId, chatId);
      assert.equal(await customerOf(answer.conversationId!), await customerOf(chatId));
    });

    test('staff see a new mail live, with its attachments', async () => {
      const seen = new Promise<MessageBody>((resolve) => {
        const off = app.runtime.bus.on('message.created', (event) => {
          if (event.message.body.includes('Livenä')) {
            off();
            resolve(event.message as MessageBody);
          }
        });
      });
      const received = new Promise<string>((resolve) => {
        const off = app.runtime.bus.on('mail.received', (event) => {
          off();
          resolve(event.conversationId);
        });
      });
      const answer = await ingest(app, slug, {
        from: 'live@example.fi',
        body: 'Livenä',
        attachments: [{ filename: 'a.txt', contentType: 'text/plain', content: Buffer.from('moi') }],
      });
      assert.equal((await seen).attachments[0]?.filename, 'a.txt');
      assert.equal(await received, answer.conversationId);
    });
  });

  describe(`mail push ingress when off [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    test('without KANAVA_MAIL_INGRESS_SECRET the ingress is 404 and says how to turn it on', async () => {
      const library = await buildLibrary(app.db);
      const response = await pushMail(app, library.slug, rawMail());
      assert.equal(response.status, 404);
      assert.match(((await response.json()) as ErrorBody).error.message, /KANAVA_MAIL_INGRESS_SECRET/);
    });
  });
}
