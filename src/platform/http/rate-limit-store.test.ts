// The database's rate-limit counters, on each backend: a window counts every hit, whoever's
// connection makes it, and starts again when it has passed; expired counters are pruned.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testBackends, type TestDatabase } from '../../../test/support/backends.js';
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { DatabaseCounters } from './rate-limit-store.js';

for (const backend of testBackends()) {
  describe(`rate-limit counters in the database [${backend}]`, () => {
    let testDatabase: TestDatabase;
    let database: Database;
    before(async () => {
      testDatabase = await createTestDatabase(backend);
      database = await openDatabase(testDatabase.target);
      await migrate(database.db);
    });
    after(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    test('hits within a window count up, with the time left in it', async () => {
      const counters = new DatabaseCounters(database);
      const hits = [];
      for (let i = 0; i < 3; i += 1) hits.push(await counters.hit('count-up', 60_000));
      assert.deepEqual(
        hits.map((h) => h.current),
        [1, 2, 3],
      );
      for (const hit of hits) assert.ok(hit.ttl > 55_000 && hit.ttl <= 60_000, `ttl ${hit.ttl}`);
      assert.equal((await counters.read('count-up')).current, 3);
      assert.equal((await counters.hit('another key', 60_000)).current, 1);
    });

    test('concurrent hits are each counted once', async () => {
      const counters = new DatabaseCounters(database);
      const hits = await Promise.all(Array.from({ length: 40 }, () => counters.hit('concurrent', 60_000)));
      assert.deepEqual(
        hits.map((h) => h.current).sort((x, y) => x - y),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    });

    test('a new window starts when the last one has passed, and expired counters are pruned', async () => {
      const counters = new DatabaseCounters(database);
      await counters.hit('short', 50);
      await counters.hit('short', 50);
      await new Promise((resolve) => setTimeout(resolve, 80));
      assert.equal((await counters.read('short')).current, 0);
      const fresh = await counters.hit('short', 50);
      assert.equal(fresh.current, 1);
      await counters.hit('long', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 80));
      assert.equal(await counters.prune(), 1);
      const keys = await database.db.selectFrom('rate_limits').select('key').execute();
      assert.ok(keys.some((k) => k.key === 'long'));
      assert.ok(!keys.some((k) => k.key === 'short'));
    });
  });
}
