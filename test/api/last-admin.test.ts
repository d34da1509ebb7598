// A library always keeps an active admin, also when two admins take each other's rights at
// the same moment: the changes queue on the admins' row locks, and the second sees the first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

for (const backend of testBackends()) {
  describe(`the last active admin [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      // Every round signs two admins in.
      app = await startTestApp(backend, { KANAVA_LOGIN_RATE_LIMIT: '100' });
    });
    after(() => app.close());

    async function activeAdmins(libraryId: string): Promise<number> {
      const rows = await app.db
        .selectFrom('accounts')
        .select('id')
        .where('library_id', '=', libraryId)
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .execute();
      return rows.length;
    }

    test('two admins demoting or deactivating each other at once leave one admin', async () => {
      for (let round = 0; round < 8; round += 1) {
        const library = await buildLibrary(app.db);
        const [a, b] = [await buildAccount(app.db, library, { role: 'admin' }), await buildAccount(app.db, library, { role: 'admin' })];
        const [cookieA, cookieB] = [await app.signIn(a), await app.signIn(b)];
        // Alternate the kinds of change: a demotion against a deactivation, or two demotions.
        const change = round % 2 === 0 ? { active: false } : { role: 'staff' };
        const responses = await Promise.all([
          app.request(`/api/v1/accounts/${b.id}`, { method: 'PATCH', json: { role: 'staff' }, cookie: cookieA }),
          app.request(`/api/v1/accounts/${a.id}`, { method: 'PATCH', json: change, cookie: cookieB }),
        ]);
        const statuses = responses.map((r) => r.status);
        assert.equal(statuses.filter((s) => s === 200).length, 1, `round ${round}: ${statuses.join(', ')}`);
        // The loser is refused: by the last-admin rule, or as no longer an admin (403) when
        // the winner had committed before its request was checked.
        for (const response of responses) {
          if (response.status === 200) continue;
          const { error } = (await response.json()) as { error: { code: string; details?: { reason?: string } } };
          assert.ok(
            (response.status === 409 && error.details?.reason === 'last_admin') || response.status === 403 || response.status === 401,
            `round ${round}: ${response.status} ${JSON.stringify(error)}`,
          );
        }
        assert.equal(await activeAdmins(library.id), 1, `round ${round}`);
      }
    });
  });
}
