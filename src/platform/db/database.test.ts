// The embedded database runs in a worker thread: queries must behave exactly as on the main
// thread (types, errors, transactions, data on disk) while the event loop stays free.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { openDatabase, type Database } from './database.js';

describe('embedded database in a worker thread', () => {
  let database: Database;

  before(async () => {
    database = await openDatabase({ kind: 'pglite-memory' });
    await sql`CREATE TABLE probe (id int PRIMARY KEY, label text UNIQUE, at timestamptz, data jsonb)`.execute(database.db);
  });
  after(() => database.close());

  test('the event loop keeps turning while a long query runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const started = performance.now();
    await sql`SELECT count(*) FROM generate_series(1, 3000000)`.execute(database.db);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // On the main thread PGlite runs the whole query synchronously: not a single tick.
    assert.ok(elapsed > 50, `the query should take a while to prove anything (took ${elapsed.toFixed(0)} ms)`);
    assert.ok(ticks >= 3, `expected the timer to fire during a ${elapsed.toFixed(0)} ms query, fired ${ticks} times`);
  });

  test('values cross the thread boundary with their types', async () => {
    const at = new Date('2026-11-22T10:15:30.123Z');
    await sql`INSERT INTO probe VALUES (1, ${'Åbo – Turku <b>'}, ${at}, ${JSON.stringify({ seq: 3, tags: ['a'] })})`.execute(database.db);
    const row = await database.db
      .selectFrom('probe' as never)
      .select(sql<string>`label`.as('label'))
      .select(sql<Date>`at`.as('at'))
      .select(sql<{ seq: number; tags: string[] }>`data`.as('data'))
      .select(sql<number>`(SELECT count(*) FROM probe)`.as('n'))
      .select(sql<null>`NULL::text`.as('nothing'))
      .executeTakeFirstOrThrow();
    assert.equal(row.label, 'Åbo – Turku <b>');
    assert.ok(row.at instanceof Date);
    assert.equal(row.at.toISOString(), at.toISOString());
    assert.deepEqual(row.data, { seq: 3, tags: ['a'] });
    assert.equal(row.n, 1);
    assert.equal(row.nothing, null);
  });

  test('PostgreSQL errors keep their SQLSTATE code and constraint', async () => {
    await sql`INSERT INTO probe (id, label) VALUES (10, 'taken')`.execute(database.db);
    await assert.rejects(sql`INSERT INTO probe (id, label) VALUES (11, 'taken')`.execute(database.db), (error: unknown) => {
      const e = error as { code?: string; constraint?: string; message: string };
      assert.equal(e.code, '23505');
      assert.equal(e.constraint, 'probe_label_key');
      assert.match(e.message, /duplicate key/);
      return true;
    });
    // The session is usable after an error.
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    assert.deepEqual(rows, [{ one: 1 }]);
  });

  test('a transaction is isolated: others wait for its commit, a rollback leaves nothing', async () => {
    const count = async (id: number) =>
      (await sql<{ n: number }>`SELECT count(*) AS n FROM probe WHERE id = ${id}`.execute(database.db)).rows[0]?.n;
    let outsideSaw: number | undefined;
    await database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO probe (id) VALUES (20)`.execute(trx);
      // PGlite has one session: a query from outside runs only after the commit.
      const outside = count(20).then((n) => (outsideSaw = n));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(outsideSaw, undefined);
      void outside;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(outsideSaw, 1);

    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO probe (id) VALUES (21)`.execute(trx);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(await count(21), 0);
  });

  test('named prepared statements run repeatedly with new values', async () => {
    for (const id of [30, 31, 32]) {
      await database.prepared('probe_insert', 'INSERT INTO probe (id, label) VALUES ($1, $2)', [id, `p${id}`]);
    }
    const { rows } = await database.prepared('probe_labels', 'SELECT label FROM probe WHERE id >= $1 ORDER BY id', [30]);
    assert.deepEqual(rows, [{ label: 'p30' }, { label: 'p31' }, { label: 'p32' }]);
  });
});

describe('embedded database on disk', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'kanava-db-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('what was written before close is there after reopening; a closed database fails fast', async () => {
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    await sql`CREATE TABLE kept (note text)`.execute(first.db);
    await sql`INSERT INTO kept VALUES ('still here')`.execute(first.db);
    await first.close();
    await assert.rejects(sql`SELECT 1`.execute(first.db), /destroyed|unavailable/);
    await assert.rejects(first.prepared('after_close', 'SELECT 1', []), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'unavailable');
      return true;
    });

    const second = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      const { rows } = await sql<{ note: string }>`SELECT note FROM kept`.execute(second.db);
      assert.deepEqual(rows, [{ note: 'still here' }]);
    } finally {
      await second.close();
    }
  });

  test('a data directory PGlite cannot open is refused with its reason, and the lock is released', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'kanava-db-broken-'));
    try {
      mkdirSync(join(broken, 'pglite'));
      writeFileSync(join(broken, 'pglite', 'PG_VERSION'), 'not a version\n');
      await assert.rejects(openDatabase({ kind: 'pglite', dataDir: broken }), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.ok(error.message.includes(join(broken, 'pglite')), error.message);
        assert.match(error.message, /could not be opened .*backup/);
        return true;
      });
      // The lock was given back: a second attempt fails on the data, not on the lock.
      await assert.rejects(openDatabase({ kind: 'pglite', dataDir: broken }), (error: unknown) => {
        assert.doesNotMatch((error as Error).message, /lock|another Kanava/i);
        return true;
      });
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
