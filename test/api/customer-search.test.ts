// The customers screen's search: by part of a name or an email, any case, paged newest first
// without losing or repeating anyone, only the caller's library, for supervisors and admins
// (staff 403). Erasing from the screen is the existing DELETE, audited without personal data.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { insertConversation } from '../../src/domains/conversations/store.js';
import { insertCustomer } from '../../src/domains/customers/store.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

interface Summary {
  id: string;
  name: string | null;
  email: string | null;
  conversationCount: number;
  lastActivityAt: string | null;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

for (const backend of testBackends()) {
  describe(`customer search [${backend}]`, () => {
    let app: TestApp;
    let supervisor: string;
    let admin: string;
    let staff: string;
    let otherAdmin: string;
    const ids: Record<string, string> = {};

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      const other = await buildLibrary(app.db);
      supervisor = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
      admin = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      staff = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      otherAdmin = await app.signIn(await buildAccount(app.db, other, { role: 'admin' }));
      const add = async (libraryId: string, key: string, name: string | null, email: string | null) => {
        ids[key] = (await insertCustomer(app.db, { libraryId, name, email, language: 'fi', widgetTokenHash: null })).id;
      };
      await add(library.id, 'aino', 'Aino Äijälä', 'aino@example.fi');
      await add(library.id, 'bertil', 'Bertil Åkerman', 'bertil@exempel.se');
      await add(library.id, 'percent', '100% Kirjafani', null);
      await add(library.id, 'anon', null, 'nimeton_lukija@example.fi');
      for (let i = 0; i < 7; i += 1) await add(library.id, `many${i}`, `Sarja Lukija ${i}`, null);
      // One second apart, so "newest first" has one right answer (two rows of one millisecond
      // would be ordered by their random ids).
      for (let i = 0; i < 7; i += 1) {
        await app.db
          .updateTable('customers')
          .set({ created_at: new Date(Date.UTC(2026, 0, 1, 12, 0, i)) })
          .where('id', '=', ids[`many${i}`]!)
          .execute();
      }
      await add(other.id, 'foreign', 'Aino Toisesta', 'aino@toinen.example');
      await insertConversation(app.db, { libraryId: library.id, customerId: ids.aino!, channel: 'chat', language: 'fi', subject: null });
      await insertConversation(app.db, { libraryId: library.id, customerId: ids.aino!, channel: 'email', language: 'fi', subject: null });
    });
    after(() => app.close());

    const search = async (query: string, cookie = supervisor) => {
      const response = await app.request(`/api/v1/customers?${query}`, { cookie });
      assert.equal(response.status, 200, await response.clone().text());
      return (await response.json()) as Page;
    };
    const names = (page: Page) => page.items.map((c) => c.name ?? c.email).sort();

    test('by part of a name or an email, in any case, with their conversation count', async () => {
      assert.deepEqual(names(await search('q=aino')), ['Aino Äijälä']);
      assert.deepEqual(names(await search('q=AINO%40EXAMPLE')), ['Aino Äijälä']);
      assert.deepEqual(names(await search('q=exempel.se')), ['Bertil Åkerman']);
      assert.deepEqual(names(await search(`q=${encodeURIComponent('äIJÄLÄ')}`)), ['Aino Äijälä']);
      assert.deepEqual(names(await search(`q=${encodeURIComponent('åkerMAN')}`)), ['Bertil Åkerman']);
      const aino = (await search('q=aino')).items[0]!;
      assert.equal(aino.conversationCount, 2);
      assert.ok(aino.lastActivityAt);
      assert.equal((await search('q=bertil')).items[0]!.conversationCount, 0);
      assert.deepEqual(names(await search('q=nobody-like-this')), []);
    });

    test('% and _ are searched as themselves, not as wildcards', async () => {
      assert.deepEqual(names(await search('q=100%25')), ['100% Kirjafani']);
      assert.deepEqual(names(await search('q=%25')), ['100% Kirjafani']);
      assert.deepEqual(names(await search('q=n_l')), ['nimeton_lukija@example.fi']);
    });

    test('pages go through every match once, newest first', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await search(`q=sarja&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...page.items.map((c) => c.name!));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(
        seen,
        [6, 5, 4, 3, 2, 1, 0].map((i) => `Sarja Lukija ${i}`),
      );
      const all = await search('limit=100');
      assert.equal(all.items.length, 11);
      assert.equal(all.nextCursor, null);
    });

    test('another library’s customers are never found; its admin finds only their own', async () => {
      const fromB = await search('q=aino', otherAdmin);
      assert.deepEqual(names(fromB), ['Aino Toisesta']);
      assert.deepEqual(names(await search('q=toisesta')), []);
      const everyoneOfB = await search('limit=100', otherAdmin);
      assert.deepEqual(
        everyoneOfB.items.map((c) => c.id),
        [ids.foreign],
      );
    });

    test('admins may search; staff get 403, in the caller’s language; a bad cursor or limit is 400', async () => {
      assert.equal((await search('q=aino', admin)).items.length, 1);
      const refused = await app.request('/api/v1/customers?q=aino', { cookie: staff, headers: { 'accept-language': 'sv' } });
      assert.equal(refused.status, 403);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'forbidden');
      assert.match(body.error.message, /behörighet/);
      assert.equal((await app.request('/api/v1/customers', {})).status, 401);
      assert.equal((await app.request('/api/v1/customers?cursor=nonsense', { cookie: supervisor })).status, 400);
      assert.equal((await app.request('/api/v1/customers?limit=1000', { cookie: supervisor })).status, 400);
      assert.equal((await app.request(`/api/v1/customers?q=${'x'.repeat(201)}`, { cookie: supervisor })).status, 400);
    });

    test('staff may not erase; a supervisor’s erasure is gone from the search and audited without personal data', async () => {
      assert.equal((await app.request(`/api/v1/customers/${ids.aino}`, { method: 'DELETE', cookie: staff })).status, 403);
      const erased = await app.request(`/api/v1/customers/${ids.aino}`, { method: 'DELETE', cookie: supervisor });
      assert.equal(erased.status, 204);
      assert.deepEqual(names(await search('q=aino')), []);
      const entry = await app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'customer.deleted')
        .where('target_id', '=', ids.aino!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(entry.details, { conversations: 2 });
      assert.doesNotMatch(JSON.stringify(entry), /Aino|aino@/);
    });

    test('searches are rate limited per client', async () => {
      let limited: Response | undefined;
      for (let i = 0; i < 130 && !limited; i += 1) {
        const response = await app.request('/api/v1/customers?q=x', { cookie: admin });
        if (response.status === 429) limited = response;
        else assert.equal(response.status, 200);
      }
      assert.ok(limited, 'refused within 130 searches a minute');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });
  });
}
