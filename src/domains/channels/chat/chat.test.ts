import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DomainEvent } from '../../../platform/events.js';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../../../../test/support/factories.js';
import { TestSocket, type Frame } from '../../../../test/support/ws.js';
import { receiveInbound } from '../inbound.js';

/** A token as the widget makes one: 32 random bytes, base64url. */
const clientToken = () => randomBytes(32).toString('base64url');

for (const backend of testBackends()) {
  describe(`web chat end to end [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let staff: TestAccount;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      staff = await buildAccount(app.db, library);
      cookie = await app.signIn(staff);
    });
    after(() => app.close());

    async function startChat(body?: string) {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', ...(body ? { body } : {}) } });
      assert.equal(response.status, 201);
      return (await response.json()) as { conversationId: string; customerToken: string };
    }

    async function customerSocket(chat: { conversationId: string; customerToken: string }, lastSeq = 0) {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
      socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq });
      await socket.waitFor((f) => f.type === 'ready');
      return socket;
    }

    test('customer message is stored, acknowledged, and reaches staff live; staff reply reaches the customer', async () => {
      const staffSocket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie });
      await staffSocket.waitFor((f) => f.type === 'ready');
      const chat = await startChat();
      const customer = await customerSocket(chat);

      const clientId = randomUUID();
      customer.send({ type: 'send', clientId, body: 'Missä on lähin palautusautomaatti?' });
      const ack = await customer.waitFor((f) => f.type === 'ack' && f.clientId === clientId);
      assert.equal(typeof ack.seq, 'number');

      const stored = await app.db
        .selectFrom('messages')
        .select(['body', 'seq'])
        .where('conversation_id', '=', chat.conversationId)
        .execute();
      assert.deepEqual(stored, [{ body: 'Missä on lähin palautusautomaatti?', seq: ack.seq }]);

      const atStaff = await staffSocket.waitFor((f) => f.type === 'message' && (f.message as { clientId?: string }).clientId === clientId);
      assert.equal((atStaff.message as { kind: string }).kind, 'customer');

      const reply = await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, {
        json: { body: 'Pääoven vieressä.' },
        cookie,
      });
      assert.equal(reply.status, 201);
      const atCustomer = await customer.waitFor(
        (f) => f.type === 'message' && (f.message as { body: string }).body === 'Pääoven vieressä.',
      );
      const message = atCustomer.message as { kind: string; author: Record<string, unknown> };
      assert.equal(message.kind, 'staff');
      assert.deepEqual(Object.keys(message.author), ['displayName'], 'customer sees staff by name only');
      customer.close();
      staffSocket.close();
    });

    test('internal notes never reach the customer, live or on replay', async () => {
      const chat = await startChat('Hei');
      const customer = await customerSocket(chat);
      const note = await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, {
        json: { body: 'SECRET NOTE', internal: true },
        cookie,
      });
      assert.equal(note.status, 201);
      await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, { json: { body: 'Julkinen vastaus' }, cookie });
      await customer.waitFor((f) => f.type === 'message' && (f.message as { body: string }).body === 'Julkinen vastaus');
      const replay = await customerSocket(chat, 0);
      await replay.waitFor((f) => f.type === 'message' && (f.message as { body: string }).body === 'Julkinen vastaus');
      for (const frame of [...customer.frames, ...replay.frames]) {
        assert.ok(!JSON.stringify(frame).includes('SECRET NOTE'), 'a note leaked to the customer');
      }
      customer.close();
      replay.close();
    });

    test('a message re-sent with the same client id after a reconnect is stored once', async () => {
      const chat = await startChat();
      const first = await customerSocket(chat);
      const clientId = randomUUID();
      first.send({ type: 'send', clientId, body: 'Varaus?' });
      const ack1 = await first.waitFor((f) => f.type === 'ack');
      first.close();
      const second = await customerSocket(chat);
      second.send({ type: 'send', clientId, body: 'Varaus?' });
      const ack2 = await second.waitFor((f) => f.type === 'ack');
      assert.equal(ack2.seq, ack1.seq);
      const rows = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', chat.conversationId).execute();
      assert.equal(rows.length, 1);
      second.close();
    });

    test('a reconnecting customer gets exactly the messages after its last seq, in order', async () => {
      const chat = await startChat('eka');
      for (const body of ['toka', 'kolmas', 'neljäs']) {
        await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, { json: { body }, cookie });
      }
      const socket = await customerSocket(chat, 2);
      const frame = await socket.waitFor((f) => f.type === 'message' && (f.message as { seq: number }).seq === 4);
      assert.ok(frame);
      const seqs = socket.frames.filter((f: Frame) => f.type === 'message').map((f) => (f.message as { seq: number }).seq);
      assert.deepEqual(seqs, [3, 4]);
      socket.close();
    });

    test('bad frames get an error frame and the socket stays usable; a wrong token closes it', async () => {
      const chat = await startChat();
      const socket = await customerSocket(chat);
      socket.socket.send('not json');
      const error = await socket.waitFor((f) => f.type === 'error');
      assert.equal(error.code, 'invalid_frame');
      socket.send({ type: 'send', clientId: randomUUID(), body: 'x'.repeat(5001) });
      const tooLong = await socket.waitFor((f) => f.type === 'error' && f !== error);
      assert.equal(tooLong.code, 'invalid_frame');
      socket.send({ type: 'send', clientId: randomUUID(), body: '<script>alert(1)</script>' });
      await socket.waitFor((f) => f.type === 'ack');
      const stored = await app.db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', chat.conversationId)
        .executeTakeFirst();
      assert.equal(stored?.body, '<script>alert(1)</script>', 'stored as text, unchanged');
      socket.close();

      const intruder = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
      intruder.send({ type: 'hello', token: 'x'.repeat(43), lastSeq: 0 });
      const closed = await intruder.closed;
      assert.equal(closed.code, 4401);
    });

    async function countRows(libraryId: string) {
      const count = async (table: 'customers' | 'conversations' | 'messages') =>
        Number(
          (
            await app.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('library_id', '=', libraryId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { customers: await count('customers'), conversations: await count('conversations'), messages: await count('messages') };
    }

    test('a start whose first message cannot be stored leaves no customer or conversation and announces nothing', async () => {
      const library = await buildLibrary(app.db);
      const events: DomainEvent[] = [];
      const unsubscribe = app.runtime.bus.subscribe((event) => {
        if (event.libraryId === library.id) events.push(event);
      });
      // Past the schemas (as another channel might be): the database itself refuses NUL.
      await assert.rejects(
        receiveInbound(
          { db: app.db, bus: app.runtime.bus },
          {
            libraryId: library.id,
            channel: 'chat',
            language: 'fi',
            body: 'bad \u0000 text',
            externalId: randomUUID(),
            customer: { name: null, email: null, language: 'fi', widgetTokenHash: null },
          },
        ),
      );
      // Only past the schemas can a start fail halfway: through the API the schemas refuse
      // such a message before anything is stored, so an API request would prove nothing here.
      assert.deepEqual(await countRows(library.id), { customers: 0, conversations: 0, messages: 0 });
      // A good start afterwards is announced once committed: conversation, then message.
      const ok = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, {
        json: { language: 'fi', body: 'Hei', clientId: randomUUID() },
      });
      assert.equal(ok.status, 201);
      unsubscribe();
      assert.deepEqual(
        events.map((e) => e.type),
        ['conversation.changed', 'message.created'],
      );
      assert.deepEqual(await countRows(library.id), { customers: 1, conversations: 1, messages: 1 });
    });

    test('a customer can add messages only to their own conversation', async () => {
      const mine = await startChat('Minun keskusteluni');
      const theirs = await startChat('Toisen keskustelu');
      const row = (conversationId: string) =>
        app.db.selectFrom('conversations').select(['customer_id', 'library_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
      const [me, other] = [await row(mine.conversationId), await row(theirs.conversationId)];
      const deps = { db: app.db, bus: app.runtime.bus, prepared: app.runtime.database.prepared };
      const clientId = randomUUID();
      const send = (customer: typeof me, conversationId: string) =>
        receiveInbound(deps, {
          libraryId: customer.library_id,
          channel: 'chat',
          customerId: customer.customer_id,
          conversationId,
          language: 'fi',
          body: 'Hei',
          externalId: clientId,
        });

      await assert.rejects(send(me, theirs.conversationId), (error: unknown) => (error as { code?: string }).code === 'not_found');
      const stored = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', theirs.conversationId).execute();
      assert.equal(stored.length, 1, 'only the owner’s first message is there');
      // The owner sends the same client id; a retry by the other customer still gets nothing back.
      assert.equal((await send(other, theirs.conversationId)).duplicate, false);
      assert.equal((await send(other, theirs.conversationId)).duplicate, true);
      await assert.rejects(send(me, theirs.conversationId), (error: unknown) => (error as { code?: string }).code === 'not_found');
    });

    test('NUL characters in the name answer 400, not 500', async () => {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, {
        json: { language: 'fi', name: 'Matti\u0000', body: 'Hei' },
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'validation_failed');
    });

    test('a start repeated with the same client-made token returns the same conversation and stores the message once', async () => {
      const library = await buildLibrary(app.db);
      const token = clientToken();
      const start = { language: 'fi', body: 'Ensimmäinen viesti', clientId: randomUUID(), customerToken: token };
      const post = async () => {
        const response = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: start });
        assert.equal(response.status, 201);
        return (await response.json()) as { conversationId: string; customerToken: string };
      };
      // A double submit: both requests at once; then a retry after a lost response.
      const [first, raced] = await Promise.all([post(), post()]);
      assert.equal(first.customerToken, token, 'the client’s own token is kept');
      const again = await post();
      for (const result of [raced, again]) assert.equal(result.conversationId, first.conversationId);
      assert.deepEqual(await countRows(library.id), { customers: 1, conversations: 1, messages: 1 });
      // Only the hash is stored.
      const customer = await app.db
        .selectFrom('customers')
        .select('widget_token_hash')
        .where('library_id', '=', library.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(customer.widget_token_hash, token);

      // The token opens the socket, and the first message's client id is acknowledged, not stored again.
      const socket = await customerSocket(first);
      await socket.waitFor((f) => f.type === 'message' && (f.message as { clientId: string }).clientId === start.clientId);
      socket.send({ type: 'send', clientId: start.clientId, body: start.body });
      await socket.waitFor((f) => f.type === 'ack' && f.clientId === start.clientId);
      assert.equal((await countRows(library.id)).messages, 1);
      socket.close();

      // Another library does not accept the token.
      const elsewhere = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: start });
      assert.equal(elsewhere.status, 401);
      // A token too short to be secret is refused; a first message with a token needs its client id.
      for (const json of [
        { ...start, customerToken: 'short' },
        { language: 'fi', body: 'Hei', customerToken: clientToken() },
      ]) {
        const refused = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, { json });
        assert.equal(refused.status, 400);
      }
      assert.deepEqual(await countRows(library.id), { customers: 1, conversations: 1, messages: 1 });
    });

    test('errors about a sent message name its client id; other errors do not', async () => {
      const chat = await startChat();
      const socket = await customerSocket(chat);
      const tooLong = randomUUID();
      socket.send({ type: 'send', clientId: tooLong, body: 'x'.repeat(5001) });
      const first = await socket.waitFor((f) => f.type === 'error' && f.clientId === tooLong);
      assert.equal(first.code, 'invalid_frame');
      const withNul = randomUUID();
      socket.send({ type: 'send', clientId: withNul, body: 'a\u0000b' });
      assert.equal((await socket.waitFor((f) => f.type === 'error' && f.clientId === withNul)).code, 'invalid_frame');
      socket.send({ type: 'send', body: 'no client id' });
      socket.send({ type: 'nonsense', clientId: randomUUID() });
      await socket.waitFor(() => socket.frames.filter((f) => f.type === 'error').length === 4);
      const errors = socket.frames.filter((f) => f.type === 'error');
      assert.deepEqual(
        errors.map((f) => f.clientId),
        [tooLong, withNul, undefined, undefined],
      );
      // The socket still works and nothing was stored for the refused messages.
      const good = randomUUID();
      socket.send({ type: 'send', clientId: good, body: 'Kelpaa' });
      await socket.waitFor((f) => f.type === 'ack' && f.clientId === good);
      const stored = await app.db
        .selectFrom('messages')
        .select('client_message_id')
        .where('conversation_id', '=', chat.conversationId)
        .execute();
      assert.deepEqual(
        stored.map((m) => m.client_message_id),
        [good],
      );
      socket.close();
    });

    test('socket errors speak the language chosen in the widget (?lang=), not the browser’s', async () => {
      const chat = await startChat();
      const url = `${app.wsUrl}/api/v1/public/chat/ws`;
      const errorIn = async (query: string) => {
        const socket = await TestSocket.open(`${url}${query}`, { 'accept-language': 'fi' });
        socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
        await socket.waitFor((f) => f.type === 'ready');
        socket.socket.send('not json');
        const error = await socket.waitFor((f) => f.type === 'error');
        socket.close();
        return String(error.message);
      };
      assert.match(await errorIn('?lang=sv'), /^Meddelandet kunde inte läsas/);
      assert.match(await errorIn('?lang=en'), /^The message could not be read/);
      assert.match(await errorIn(''), /^Viestiä ei voitu lukea/);
      await assert.rejects(TestSocket.open(`${url}?lang=de`), /upgrade refused: 400/);
    });

    test('a customer who missed more than a thousand messages gets them all on hello', async () => {
      const chat = await startChat();
      const total = 1234;
      const library = await app.db
        .selectFrom('conversations')
        .select('library_id')
        .where('id', '=', chat.conversationId)
        .executeTakeFirstOrThrow();
      await sql`
        INSERT INTO messages (library_id, conversation_id, seq, kind, body)
        SELECT ${library.library_id}::uuid, ${chat.conversationId}::uuid, n, CASE WHEN n % 100 = 0 THEN 'note' ELSE 'staff' END, 'viesti ' || n
        FROM generate_series(1, ${total}::int) AS n`.execute(app.db);
      await app.db.updateTable('conversations').set({ last_seq: total }).where('id', '=', chat.conversationId).execute();
      const socket = await customerSocket(chat);
      await socket.waitFor((f) => f.type === 'message' && (f.message as { seq: number }).seq === total - 1, 15_000);
      const seqs = socket.frames.filter((f) => f.type === 'message').map((f) => (f.message as { seq: number }).seq);
      const expected = Array.from({ length: total }, (_, i) => i + 1).filter((n) => n % 100 !== 0);
      assert.deepEqual(seqs, expected, 'every message once, in order, notes left out');
      socket.close();
    });
  });
}
