// Opens the database Kanava runs on: PostgreSQL when a URL is given, otherwise the
// embedded PGlite in the data directory. Both are driven through the same Kysely +
// node-postgres code path, so every query and migration is the same SQL on both.
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { join } from 'node:path';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import type { DB } from './types.js';

export type Backend = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  backend: Backend;
  /** The PostgreSQL URL (postgres backend only), for connections outside the pool (LISTEN). */
  url: string | undefined;
  /** Runs a named (prepared) statement on the pool; for a few hot, fixed statements only. */
  prepared(name: string, text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' };

// timestamptz → Date (pg's default); int8 (count(*)) → number, as our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number.parseInt(value, 10));

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { db, backend: 'postgres', url: target.url, prepared: preparedOn(pool), close: () => db.destroy() };
  }

  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  if (target.kind === 'pglite') {
    lock = lockDataDir(target.dataDir);
    try {
      pglite = await PGlite.create(join(target.dataDir, 'pglite'));
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    pglite = await PGlite.create();
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    backend: 'pglite',
    url: undefined,
    prepared: preparedOn(pool),
    async close() {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
}

function preparedOn(pool: pg.Pool): Database['prepared'] {
  return (name, text, values) => pool.query({ name, text, values });
}
