// The customer socket's `hello`: one per socket. A second one, even sent before the first's
// lookup finished, is refused and never authenticates the socket again or leaves a second
// connection in the real-time hub.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildLibrary } from '../../../../test/support/factories.js';
import { TestSocket } from '../../../../test/support/ws.js';

/** Polls until `read()` returns `expected` (the server sees a close after the client does). */
async function eventually(read: () => number, expected: number, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (read() !== expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(read(), expected, what);
}

for (const backend of testBackends()) {
  describe(`customer socket hello [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    before(async () => {
      app = await startTestApp(backend);
      slug = (await buildLibrary(app.db)).slug;
    });
    after(() => app.close());

    test('two hellos at once: one ready, one hello_already_sent, one connection in the hub', async () => {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'en', body: 'Hello' } });
      assert.equal(response.status, 201);
      const chat = (await response.json()) as { conversationId: string; customerToken: string };
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws?lang=en`);
      const hello = { type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 };
      // Both in the same turn: the second arrives while the first is still looking up the token.
      socket.send(hello);
      socket.send(hello);
      const error = await socket.waitFor((f) => f.type === 'error');
      assert.equal(error.code, 'conflict');
      assert.deepEqual(error.details, { reason: 'hello_already_sent' });
      assert.equal(error.message, 'This connection has already been opened.');
      await socket.waitFor((f) => f.type === 'message');
      // A ping answered after the replay: anything the second hello would have sent is in by now.
      socket.send({ type: 'ping' });
      await socket.waitFor((f) => f.type === 'pong');
      assert.equal(socket.frames.filter((f) => f.type === 'ready').length, 1, 'one ready');
      assert.equal(socket.frames.filter((f) => f.type === 'message').length, 1, 'the replay once');
      assert.equal(app.runtime.hub.customerSockets(chat.conversationId), 1);

      socket.close();
      await socket.closed;
      await eventually(() => app.runtime.hub.customerSockets(chat.conversationId), 0, 'no connection left in the hub');
    });
  });
}
