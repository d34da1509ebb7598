import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyOnPostgres, startTestApp, useTwoInstances, type TestApp } from '../../../test/support/app.js';
import { testBackends } from '../../../test/support/backends.js';
import { buildAccount, buildLibrary } from '../../../test/support/factories.js';
import { TestSocket } from '../../../test/support/ws.js';

interface Chat {
  conversationId: string;
  customerToken: string;
  customerId: string;
}

/** A chat started on `app` with the customer's id (read as staff), ready to be erased. */
async function startChat(app: TestApp, slug: string, cookie: string): Promise<Chat> {
  const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'Hei' } });
  assert.equal(response.status, 201);
  const chat = (await response.json()) as Omit<Chat, 'customerId'>;
  const conversation = await app.request(`/api/v1/conversations/${chat.conversationId}`, { cookie });
  const { customer } = (await conversation.json()) as { customer: { id: string } };
  return { ...chat, customerId: customer.id };
}

/** The socket as sent its hello; waits for `ready` unless told not to. */
async function chatSocket(app: TestApp, chat: Chat, ready = true): Promise<TestSocket> {
  const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws?lang=sv`);
  socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
  if (ready) await socket.waitFor((f) => f.type === 'ready');
  return socket;
}

/** Resolves with the close code, or rejects if the socket is still open after the timeout. */
function closeCode(socket: TestSocket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    void socket.closed.then(({ code }) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** The erased customer's socket: told it is no longer authenticated (in its language), then closed 4401. */
async function assertSignedOut(socket: TestSocket): Promise<void> {
  assert.equal(await closeCode(socket), 4401);
  const errors = socket.frames.filter((f) => f.type === 'error');
  assert.deepEqual(
    errors.map((f) => [f.code, f.message]),
    [['unauthenticated', 'Logga in först.']],
  );
}

/** A socket that must stay open answers a ping. */
async function assertStillOpen(socket: TestSocket): Promise<void> {
  const pongs = socket.frames.filter((f) => f.type === 'pong').length;
  socket.send({ type: 'ping' });
  await socket.waitFor(() => socket.frames.filter((f) => f.type === 'pong').length > pongs);
}

for (const backend of testBackends()) {
  describe(`customer erasure [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    test('a supervisor erases a customer with every conversation; the audit keeps no personal data', async () => {
      const library = await buildLibrary(app.db);
      const supervisor = await buildAccount(app.db, library, { role: 'supervisor' });
      const staff = await buildAccount(app.db, library, { role: 'staff' });
      const cookie = await app.signIn(supervisor);
      const chat = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, {
        json: { language: 'sv', name: 'Maija Meikäläinen', email: 'maija@example.test', body: 'Mitt lånekort är borta' },
      });
      const { conversationId } = (await chat.json()) as { conversationId: string };
      const conversation = (await (await app.request(`/api/v1/conversations/${conversationId}`, { cookie })).json()) as {
        customer: { id: string };
      };
      const customerId = conversation.customer.id;

      const staffCookie = await app.signIn(staff);
      const refused = await app.request(`/api/v1/customers/${customerId}`, { method: 'DELETE', cookie: staffCookie });
      assert.equal(refused.status, 403);

      const erased = await app.request(`/api/v1/customers/${customerId}`, { method: 'DELETE', cookie });
      assert.equal(erased.status, 204);
      assert.equal((await app.request(`/api/v1/customers/${customerId}`, { cookie })).status, 404);
      assert.equal((await app.request(`/api/v1/conversations/${conversationId}`, { cookie })).status, 404);
      const leftovers = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute();
      assert.equal(leftovers.length, 0);

      const audit = await app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('library_id', '=', library.id)
        .where('action', '=', 'customer.deleted')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.target_id, customerId);
      assert.ok(!JSON.stringify(audit).includes('Maija') && !JSON.stringify(audit).includes('maija@'), 'no personal data in the audit');

      const again = await app.request(`/api/v1/customers/${customerId}`, { method: 'DELETE', cookie });
      assert.equal(again.status, 404);
    });

    test('the erased customer’s open sockets are closed 4401 and leave the hub; a reconnect is refused', async () => {
      const library = await buildLibrary(app.db);
      const cookie = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
      const chat = await startChat(app, library.slug, cookie);
      const bystander = await startChat(app, library.slug, cookie);
      // Two tabs of the erased customer, and another customer of the same library.
      const tabs = [await chatSocket(app, chat), await chatSocket(app, chat)];
      const other = await chatSocket(app, bystander);
      assert.equal(app.runtime.hub.customerSockets(chat.conversationId), 2);

      const erased = await app.request(`/api/v1/customers/${chat.customerId}`, { method: 'DELETE', cookie });
      assert.equal(erased.status, 204);
      for (const tab of tabs) await assertSignedOut(tab);
      assert.equal(app.runtime.hub.customerSockets(chat.conversationId), 0);
      await assertStillOpen(other);
      assert.equal(app.runtime.hub.customerSockets(bystander.conversationId), 1);

      // The widget reconnecting with the erased customer's token.
      const again = await chatSocket(app, chat, false);
      await assertSignedOut(again);
      assert.equal(app.runtime.hub.customerSockets(chat.conversationId), 0);
      other.close();
    });
  });
}

describe('customer erasure across app instances [postgres]', onlyOnPostgres, () => {
  const instances = useTwoInstances();

  test('erased on one instance, the customer’s sockets on both instances are closed 4401 and leave their hubs', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const cookie = await a.signIn(await buildAccount(a.db, library, { role: 'supervisor' }));
    const chat = await startChat(a, library.slug, cookie);
    const bystander = await startChat(a, library.slug, cookie);
    const onA = await chatSocket(a, chat);
    const onB = await chatSocket(b, chat);
    const otherOnB = await chatSocket(b, bystander);

    const erased = await a.request(`/api/v1/customers/${chat.customerId}`, { method: 'DELETE', cookie });
    assert.equal(erased.status, 204);
    await assertSignedOut(onA);
    await assertSignedOut(onB);
    assert.equal(a.runtime.hub.customerSockets(chat.conversationId), 0);
    assert.equal(b.runtime.hub.customerSockets(chat.conversationId), 0);
    await assertStillOpen(otherOnB);

    await assertSignedOut(await chatSocket(b, chat, false));
    otherOnB.close();
  });
});
