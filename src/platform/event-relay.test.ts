import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { onlyOnPostgres, useTwoInstances } from '../../test/support/app.js';
import { buildAccount, buildLibrary } from '../../test/support/factories.js';
import { TestSocket } from '../../test/support/ws.js';

// Two app instances on one PostgreSQL database, as behind a load balancer: a customer on
// instance A and a staff member on instance B still talk live.
describe('events between app instances [postgres]', onlyOnPostgres, () => {
  const instances = useTwoInstances();

  test('a customer message on instance A reaches staff on instance B, and the reply comes back', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const staff = await buildAccount(a.db, library);
    const cookie = await b.signIn(staff);
    const staffSocket = await TestSocket.open(`${b.wsUrl}/api/v1/ws`, { cookie });
    await staffSocket.waitFor((f) => f.type === 'ready');

    const chat = (await (await a.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: { language: 'en' } })).json()) as {
      conversationId: string;
      customerToken: string;
    };
    const customer = await TestSocket.open(`${a.wsUrl}/api/v1/public/chat/ws`);
    customer.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
    await customer.waitFor((f) => f.type === 'ready');
    const clientId = randomUUID();
    customer.send({ type: 'send', clientId, body: 'Are you open on Sunday?' });

    const received = await staffSocket.waitFor((f) => f.type === 'message' && (f.message as { clientId: string }).clientId === clientId);
    assert.equal((received.message as { body: string }).body, 'Are you open on Sunday?');

    await b.request(`/api/v1/conversations/${chat.conversationId}/messages`, { cookie, json: { body: 'Yes, 12–16.' } });
    const reply = await customer.waitFor((f) => f.type === 'message' && (f.message as { body: string }).body === 'Yes, 12–16.');
    assert.equal((reply.message as { kind: string }).kind, 'staff');
    const copies = staffSocket.frames.filter((f) => f.type === 'message' && (f.message as { clientId: string }).clientId === clientId);
    assert.equal(copies.length, 1, 'delivered once, not once per instance');
    customer.close();
    staffSocket.close();
  });
});
