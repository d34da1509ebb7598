import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyOnPostgres, useTwoInstances } from '../../../../test/support/app.js';
import { buildAccount, buildLibrary } from '../../../../test/support/factories.js';
import { TestSocket } from '../../../../test/support/ws.js';
import type { MessageView } from '../../../contract/conversations.js';

// Behind a load balancer the widget's socket may be on another instance than the staff
// member who replies: that instance records the delivery, and staff hear of it through
// the event relay.
describe('deliveries between app instances [postgres]', onlyOnPostgres, () => {
  const instances = useTwoInstances();

  test('a reply stored on instance B to a widget open on instance A is delivered, and B’s staff see it', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const staff = await buildAccount(a.db, library);
    const cookie = await b.signIn(staff);
    const staffSocket = await TestSocket.open(`${b.wsUrl}/api/v1/ws`, { cookie });
    await staffSocket.waitFor((f) => f.type === 'ready');

    const started = await a.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: { language: 'en' } });
    const chat = (await started.json()) as { conversationId: string; customerToken: string };
    const customer = await TestSocket.open(`${a.wsUrl}/api/v1/public/chat/ws`);
    customer.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
    await customer.waitFor((f) => f.type === 'ready');

    const response = await b.request(`/api/v1/conversations/${chat.conversationId}/messages`, { cookie, json: { body: 'Yes, 12–16.' } });
    assert.equal(response.status, 201);
    const answer = (await response.json()) as MessageView;
    await customer.waitFor((f) => f.type === 'message' && (f.message as { id: string }).id === answer.id);
    const frame = await staffSocket.waitFor(
      (f) => f.type === 'delivery' && f.messageId === answer.id && (f.delivery as { status: string }).status === 'delivered',
    );
    assert.equal(frame.conversationId, chat.conversationId);
    const row = await b.db.selectFrom('deliveries').select(['status', 'attempts']).where('message_id', '=', answer.id).executeTakeFirst();
    // B found no widget of its own and tried nothing: no attempt is counted for it.
    assert.deepEqual([row?.status, row?.attempts], ['delivered', 0]);
    customer.close();
    staffSocket.close();
  });
});
