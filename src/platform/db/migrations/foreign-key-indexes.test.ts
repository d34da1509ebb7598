// Customer erasure deletes a customer's rows, and the deletion cascades along foreign keys:
// each key into those tables needs a plain index starting with its columns, or every erasure
// scans the whole referencing table (a partial index does not serve that lookup). Keys into
// libraries and accounts are left out: libraries are not deleted in operation, and accounts
// are deactivated, not deleted.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';

for (const backend of testBackends()) {
  describe(`schema after the migrations [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    test('every foreign key into what erasure deletes is covered by a non-partial index', async () => {
      const { rows } = await sql<{ constraint_name: string; table_name: string }>`
        SELECT c.conname AS constraint_name, c.conrelid::regclass::text AS table_name
        FROM pg_constraint c
        WHERE c.contype = 'f'
          AND c.connamespace = 'public'::regnamespace
          AND c.confrelid::regclass::text IN ('customers', 'conversations', 'messages')
          AND NOT EXISTS (
            SELECT 1 FROM pg_index i
            WHERE i.indrelid = c.conrelid
              AND i.indpred IS NULL
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
              AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey
          )
        ORDER BY 2, 1`.execute(app.db);
      assert.deepEqual(rows, [], 'foreign keys without an index');
    });
  });
}
