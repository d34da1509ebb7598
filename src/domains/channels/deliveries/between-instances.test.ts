import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../../platform/config.js';
import { startRuntime, type Runtime } from '../../../server/runtime.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../../../../test/support/backends.js';
import { buildAccount, buildLibrary } from '../../../../test/support/factories.js';
import { TestSocket } from '../../../../test/support/ws.js';
import type { MessageView } from '../../conversations/presenter.js';

// Behind a load balancer the widget's socket may be on another instance than the staff
// member who replies: that instance records the delivery, and staff hear of it through
// the event relay.
describe('deliveries between app instances [postgres]', { skip: !testBackends().includes('postgres') && 'PostgreSQL not among KANAVA_TEST_BACKENDS' }, () => {
  let database: TestDatabase;
  let a: Runtime;
  let b: Runtime;
  let urlA: string;
  let urlB: string;

  before(async () => {
    database = await createTestDatabase('postgres');
    const config = loadConfig({ LOG_LEVEL: 'silent', KANAVA_PUBLIC_RATE_LIMIT: '100000', KANAVA_SEED_DEMO: '0' });
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

  test('a reply stored on instance B to a widget open on instance A is delivered, and B’s staff see it', async () => {
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

    const started = await fetch(`${urlA}/api/v1/public/libraries/${library.slug}/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'en' }),
    });
    const chat = (await started.json()) as { conversationId: string; customerToken: string };
    const customer = await TestSocket.open(`${urlA.replace('http', 'ws')}/api/v1/public/chat/ws`);
    customer.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
    await customer.waitFor((f) => f.type === 'ready');

    const response = await fetch(`${urlB}/api/v1/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ body: 'Yes, 12–16.' }),
    });
    assert.equal(response.status, 201);
    const answer = (await response.json()) as MessageView;
    await customer.waitFor((f) => f.type === 'message' && (f.message as { id: string }).id === answer.id);
    const frame = await staffSocket.waitFor((f) => f.type === 'delivery' && f.messageId === answer.id && (f.delivery as { status: string }).status === 'delivered');
    assert.equal(frame.conversationId, chat.conversationId);
    const row = await b.database.db.selectFrom('deliveries').select('status').where('message_id', '=', answer.id).executeTakeFirst();
    assert.equal(row?.status, 'delivered');
    customer.close();
    staffSocket.close();
  });
});
