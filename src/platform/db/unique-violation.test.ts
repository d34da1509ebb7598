// The constraint names the callers rely on are PostgreSQL's, on both backends; a violation
// of another unique rule (or another error) is not taken for them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { testBackends } from '../../../test/support/backends.js';
import { buildAccount, buildLibrary } from '../../../test/support/factories.js';
import { isUniqueViolation } from './unique-violation.js';

for (const backend of testBackends()) {
  describe(`isUniqueViolation [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    async function failure(run: () => Promise<unknown>): Promise<unknown> {
      try {
        await run();
      } catch (error) {
        return error;
      }
      assert.fail('expected the insert to fail');
    }

    test('names the constraint that refused the row, and only that one', async () => {
      const library = await buildLibrary(app.db);
      const slugTaken = await failure(() => buildLibrary(app.db, { slug: library.slug }));
      assert.equal(isUniqueViolation(slugTaken, 'libraries_slug_key'), true);
      assert.equal(isUniqueViolation(slugTaken, 'accounts_library_email'), false);

      const account = await buildAccount(app.db, library);
      const emailTaken = await failure(() => buildAccount(app.db, library, { email: account.email.toUpperCase() }));
      assert.equal(isUniqueViolation(emailTaken, 'accounts_library_email'), true);
      assert.equal(isUniqueViolation(emailTaken, 'libraries_slug_key'), false);

      for (const other of [new Error('boom'), null, undefined, { code: '23505' }]) {
        assert.equal(isUniqueViolation(other, 'libraries_slug_key'), false);
      }
    });
  });
}
