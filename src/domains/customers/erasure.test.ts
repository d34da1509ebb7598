import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { testBackends } from '../../../test/support/backends.js';
import { buildAccount, buildLibrary } from '../../../test/support/factories.js';

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
  });
}
