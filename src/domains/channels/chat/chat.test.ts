import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../../../../test/support/factories.js';
import { TestSocket, type Frame } from '../../../../test/support/ws.js';

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

      const stored = await app.db.selectFrom('messages').select(['body', 'seq']).where('conversation_id', '=', chat.conversationId).execute();
      assert.deepEqual(stored, [{ body: 'Missä on lähin palautusautomaatti?', seq: ack.seq }]);

      const atStaff = await staffSocket.waitFor((f) => f.type === 'message' && (f.message as { clientId?: string }).clientId === clientId);
      assert.equal((atStaff.message as { kind: string }).kind, 'customer');

      const reply = await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, {
        json: { body: 'Pääoven vieressä.' },
        cookie,
      });
      assert.equal(reply.status, 201);
      const atCustomer = await customer.waitFor((f) => f.type === 'message' && (f.message as { body: string }).body === 'Pääoven vieressä.');
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
      const stored = await app.db.selectFrom('messages').select('body').where('conversation_id', '=', chat.conversationId).executeTakeFirst();
      assert.equal(stored?.body, '<script>alert(1)</script>', 'stored as text, unchanged');
      socket.close();

      const intruder = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
      intruder.send({ type: 'hello', token: 'x'.repeat(43), lastSeq: 0 });
      const closed = await intruder.closed;
      assert.equal(closed.code, 4401);
    });
  });
}
