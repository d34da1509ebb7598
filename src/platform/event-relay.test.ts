import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { loadConfig } from './config.js';
import { startRuntime, type Runtime } from '../server/runtime.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../../test/support/backends.js';
import { buildAccount, buildLibrary } from '../../test/support/factories.js';
import { TestSocket } from '../../test/support/ws.js';

// Two app instances on one PostgreSQL database, as behind a load balancer: a customer on
// instance A and a staff member on instance B still talk live.
describe('events between app instances [postgres]', { skip: !testBackends().includes('postgres') && 'PostgreSQL not among KANAVA_TEST_BACKENDS' }, () => {
  let database: TestDatabase;
  let a: Runtime;
  let b: Runtime;
  let urlA: string;
  let urlB: string;

  before(async () => {
    database = await createTestDatabase('postgres');
    const config = loadConfig({ LOG_LEVEL: 'silent', KANAVA_PUBLIC_RATE_LIMIT: '100000' });
    a = await startRuntime(config, database.target);
    b = await startRuntime(config, database.target);
    urlA = await a.app.listen({ port: 0, host: '127.0.0.1' });
    urlB = await b.app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await a.close();
    await b.close();
    await database.drop();
  });

  test('a customer message on instance A reaches staff on instance B, and the reply comes back', async () => {
    const library = await buildLibrary(a.database.db);
    const staff = await buildAccount(a.database.db, library);
    const login = await fetch(`${urlB}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: staff.email, password: staff.password }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const staffSocket = await TestSocket.open(`${urlB.replace('http', 'ws')}/api/v1/ws`, { cookie });
    await staffSocket.waitFor((f) => f.type === 'ready');

    const chat = (await (
      await fetch(`${urlA}/api/v1/public/libraries/${library.slug}/chats`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: 'en' }),
      })
    ).json()) as { conversationId: string; customerToken: string };
    const customer = await TestSocket.open(`${urlA.replace('http', 'ws')}/api/v1/public/chat/ws`);
    customer.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
    await customer.waitFor((f) => f.type === 'ready');
    const clientId = randomUUID();
    customer.send({ type: 'send', clientId, body: 'Are you open on Sunday?' });

    const received = await staffSocket.waitFor((f) => f.type === 'message' && (f.message as { clientId: string }).clientId === clientId);
    assert.equal((received.message as { body: string }).body, 'Are you open on Sunday?');

    await fetch(`${urlB}/api/v1/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ body: 'Yes, 12–16.' }),
    });
    const reply = await customer.waitFor((f) => f.type === 'message' && (f.message as { body: string }).body === 'Yes, 12–16.');
    assert.equal((reply.message as { kind: string }).kind, 'staff');
    const copies = staffSocket.frames.filter((f) => f.type === 'message' && (f.message as { clientId: string }).clientId === clientId);
    assert.equal(copies.length, 1, 'delivered once, not once per instance');
    customer.close();
    staffSocket.close();
  });
});
