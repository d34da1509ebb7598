// Which conversation an incoming mail continues: our reply address, our Message-IDs, any
// mail of the conversation named in In-Reply-To/References, a [#ref] in the subject only
// from the conversation's own customer — and never a subject that merely matches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { INGRESS_SECRET, ingest, newMessageId } from '../support/raw-mail.js';
import { outgoingMessageId, replyAddress, subjectReference } from '../../src/domains/channels/email/thread-tokens.js';

const MAILBOX = 'asiakaspalvelu@library.example';

for (const backend of testBackends()) {
  describe(`mail threading [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let libraryId: string;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_MAIL_INGRESS_SECRET: INGRESS_SECRET });
      const library = await buildLibrary(app.db);
      slug = library.slug;
      libraryId = library.id;
      cookie = await app.signIn(await buildAccount(app.db, library));
    });
    after(() => app.close());

    const conversationCount = async () =>
      (await app.db.selectFrom('conversations').select('id').where('library_id', '=', libraryId).execute()).length;
    const messageCount = async (conversationId: string) =>
      (await app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute()).length;

    test('In-Reply-To naming the first mail appends to its conversation', async () => {
      const firstId = newMessageId();
      const first = await ingest(app, slug, { from: 'ketju@example.fi', messageId: firstId, subject: 'Varaus' });
      const answer = await ingest(app, slug, { from: 'ketju@example.fi', inReplyTo: firstId, subject: 'Re: Varaus', body: 'Lisäys' });
      assert.equal(answer.outcome, 'appended');
      assert.equal(answer.conversationId, first.conversationId);
      assert.equal(await messageCount(first.conversationId!), 2);
    });

    test('References naming an outgoing mail of the conversation appends (Outlook keeps only References)', async () => {
      const first = await ingest(app, slug, { from: 'viitteet@example.fi' });
      const sentId = newMessageId('library.example');
      await app.db
        .insertInto('mail_messages')
        .values({
          library_id: libraryId,
          conversation_id: first.conversationId,
          direction: 'out',
          outcome: 'sent',
          header_message_id: sentId,
        })
        .execute();
      const answer = await ingest(app, slug, {
        from: 'viitteet@example.fi',
        subject: 'VS: Kysymys',
        references: [newMessageId('elsewhere.example'), sentId],
      });
      assert.deepEqual([answer.outcome, answer.conversationId], ['appended', first.conversationId]);
    });

    test('our reply-address token, even from another address, appends', async () => {
      const first = await ingest(app, slug, { from: 'token@example.fi' });
      const to = replyAddress(app.runtime.secrets, first.conversationId!, MAILBOX);
      const answer = await ingest(app, slug, { from: 'toinen.osoite@example.fi', to, subject: 'Aivan muu aihe' });
      assert.deepEqual([answer.outcome, answer.conversationId], ['appended', first.conversationId]);
    });

    test('In-Reply-To naming our sent reply (its signed Message-ID) appends', async () => {
      const first = await ingest(app, slug, { from: 'vastaus@example.fi' });
      const reply = (await (
        await app.request(`/api/v1/conversations/${first.conversationId}/messages`, { cookie, json: { body: 'Hei, tässä vastaus' } })
      ).json()) as { id: string };
      const delivery = await app.db.selectFrom('deliveries').select('id').where('message_id', '=', reply.id).executeTakeFirstOrThrow();
      const inReplyTo = outgoingMessageId(app.runtime.secrets, delivery.id, MAILBOX);
      const answer = await ingest(app, slug, { from: 'vastaus@example.fi', inReplyTo, subject: 'SV: Hei' });
      assert.deepEqual([answer.outcome, answer.conversationId], ['appended', first.conversationId]);
    });

    test('a [#ref] in the subject appends only from that conversation’s customer', async () => {
      const first = await ingest(app, slug, { from: 'Viite.Asiakas@example.fi', subject: 'Kaukolaina' });
      const ref = subjectReference(first.conversationId!);
      const same = await ingest(app, slug, { from: 'viite.asiakas@EXAMPLE.fi', subject: `AW: Kaukolaina ${ref}` });
      assert.deepEqual([same.outcome, same.conversationId], ['appended', first.conversationId]);
      const stranger = await ingest(app, slug, { from: 'vieras@example.fi', subject: `Re: Kaukolaina ${ref}` });
      assert.equal(stranger.outcome, 'created');
      assert.notEqual(stranger.conversationId, first.conversationId);
    });

    test('equal subjects never join: two people’s "Re: Lainat" are two conversations', async () => {
      const before = await conversationCount();
      const a = await ingest(app, slug, { from: 'eka@example.fi', subject: 'Re: Lainat' });
      const b = await ingest(app, slug, { from: 'toka@example.fi', subject: 'Re: Lainat' });
      const c = await ingest(app, slug, { from: 'eka@example.fi', subject: 'Re: Lainat' });
      assert.deepEqual([a.outcome, b.outcome, c.outcome], ['created', 'created', 'created']);
      assert.equal(new Set([a.conversationId, b.conversationId, c.conversationId]).size, 3);
      assert.equal(await conversationCount(), before + 3);
    });

    test('a thread into a merged-away conversation lands in the one it went into; a resolved one reopens', async () => {
      const firstId = newMessageId();
      const source = await ingest(app, slug, { from: 'yhdistetty@example.fi', messageId: firstId, subject: 'Eka' });
      const target = await ingest(app, slug, { from: 'yhdistetty@example.fi', subject: 'Toka' });
      const merged = await app.request(`/api/v1/conversations/${source.conversationId}/merge`, {
        cookie,
        json: { targetId: target.conversationId },
      });
      assert.equal(merged.status, 200);
      const resolved = await app.request(`/api/v1/conversations/${target.conversationId}/status`, { cookie, json: { status: 'resolved' } });
      assert.equal(resolved.status, 200);
      const answer = await ingest(app, slug, { from: 'yhdistetty@example.fi', inReplyTo: firstId, subject: 'Re: Eka' });
      assert.deepEqual([answer.outcome, answer.conversationId], ['appended', target.conversationId]);
      const conversation = (await (await app.request(`/api/v1/conversations/${target.conversationId}`, { cookie })).json()) as {
        status: string;
      };
      assert.equal(conversation.status, 'open');
    });

    test('a forged reply-address token or Message-ID threads nowhere', async () => {
      const first = await ingest(app, slug, { from: 'vaarennos@example.fi' });
      const real = replyAddress(app.runtime.secrets, first.conversationId!, MAILBOX);
      const forged = real.replace(/([a-z2-7])@/, (_m, c: string) => `${c === 'a' ? 'b' : 'a'}@`);
      const answer = await ingest(app, slug, { from: 'hyokkaaja@example.fi', to: forged, subject: 'Hei' });
      assert.equal(answer.outcome, 'created');
      assert.notEqual(answer.conversationId, first.conversationId);
    });
  });
}
