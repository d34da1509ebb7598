// A customer's timeline pages like the inbox: the customer record brings the first page and
// a cursor, the inbox list filtered to the customer goes on from it, newest activity first,
// without losing or repeating a conversation (even two with the same time across a page
// boundary). Another library's customer is not found, and lists none of its conversations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { insertConversation } from '../../src/domains/conversations/store.js';
import { insertCustomer } from '../../src/domains/customers/store.js';
import { t } from '../../src/platform/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

interface Page {
  items: { id: string; customer: { id: string } }[];
  nextCursor: string | null;
}

for (const backend of testBackends()) {
  describe(`customer timeline [${backend}]`, () => {
    let app: TestApp;
    let cookie: string;
    let customerId: string;
    let foreignCustomerId: string;
    let expected: string[];

    /** A conversation of the customer whose last activity was at `time`. */
    async function conversationAt(libraryId: string, customer: string, time: string): Promise<{ id: string; time: number }> {
      const id = await insertConversation(app.db, { libraryId, customerId: customer, channel: 'chat', language: 'fi', subject: null });
      await app.db
        .updateTable('conversations')
        .set({ last_message_at: new Date(time) })
        .where('id', '=', id)
        .execute();
      return { id, time: Date.parse(time) };
    }

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      const other = await buildLibrary(app.db);
      cookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      const newCustomer = (libraryId: string) =>
        insertCustomer(app.db, { libraryId, name: 'Asiakas', email: null, language: 'fi', widgetTokenHash: null });
      customerId = (await newCustomer(library.id)).id;
      const neighbour = (await newCustomer(library.id)).id;
      foreignCustomerId = (await newCustomer(other.id)).id;

      const times = [
        '2026-03-01T10:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-02T10:00:00.000Z',
        '2026-03-03T10:00:00.000Z',
        '2026-03-04T10:00:00.000Z',
      ];
      const own = [];
      for (const time of times) own.push(await conversationAt(library.id, customerId, time));
      // Newest activity first; the id orders two at the same moment, as the inbox does.
      expected = own.sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1)).map((c) => c.id);
      await conversationAt(library.id, neighbour, '2026-03-05T10:00:00.000Z');
      await conversationAt(other.id, foreignCustomerId, '2026-03-05T10:00:00.000Z');
    });
    after(() => app.close());

    test('the record brings the first page; the filtered inbox list continues it to the end', async () => {
      const response = await app.request(`/api/v1/customers/${customerId}?limit=2`, { cookie });
      assert.equal(response.status, 200);
      const record = (await response.json()) as { id: string; conversations: Page['items']; nextCursor: string | null };
      assert.equal(record.id, customerId);
      const seen = record.conversations.map((c) => c.id);
      assert.equal(seen.length, 2);
      let cursor = record.nextCursor;
      let pages = 1;
      while (cursor) {
        const next = await app.request(`/api/v1/conversations?customer=${customerId}&limit=2&cursor=${encodeURIComponent(cursor)}`, {
          cookie,
        });
        assert.equal(next.status, 200);
        const page = (await next.json()) as Page;
        assert.ok(
          page.items.every((c) => c.customer.id === customerId),
          'only this customer’s conversations',
        );
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
        pages += 1;
        assert.ok(pages <= 5, 'the cursor moves on');
      }
      assert.equal(pages, 3);
      assert.deepEqual(seen, expected);
    });

    test('without a limit the record brings all of a short timeline and no cursor', async () => {
      const record = (await (await app.request(`/api/v1/customers/${customerId}`, { cookie })).json()) as {
        conversations: Page['items'];
        nextCursor: string | null;
      };
      assert.deepEqual(
        record.conversations.map((c) => c.id),
        expected,
      );
      assert.equal(record.nextCursor, null);
    });

    test('a bad limit is refused with validation_failed', async () => {
      for (const limit of ['0', '101', 'many']) {
        const response = await app.request(`/api/v1/customers/${customerId}?limit=${limit}`, {
          cookie,
          headers: { 'accept-language': 'sv' },
        });
        assert.equal(response.status, 400, limit);
        const body = (await response.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
        assert.equal(body.error.code, 'validation_failed');
        assert.equal(body.error.details.issues[0]?.path, 'querystring.limit');
      }
    });

    test('another library’s customer is not found, and the list shows none of theirs', async () => {
      const response = await app.request(`/api/v1/customers/${foreignCustomerId}`, { cookie, headers: { 'accept-language': 'sv' } });
      assert.equal(response.status, 404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'not_found');
      assert.equal(body.error.message, t('sv', 'error.not_found.customer'));
      const list = (await (await app.request(`/api/v1/conversations?customer=${foreignCustomerId}`, { cookie })).json()) as Page;
      assert.deepEqual(list, { items: [], nextCursor: null });
    });
  });
}
