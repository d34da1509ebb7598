// Opens the database Kanava runs on: PostgreSQL when a URL is given, otherwise the
// embedded PGlite in the data directory, run in a worker thread so that its queries never
// stop the event loop. Both are driven through the same Kysely + node-postgres code path,
// so every query and migration is the same SQL on both.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { join } from 'node:path';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { configurePgTypes } from './pg-types.js';
import { PgliteWorkerPool } from './pglite-worker-pool.js';
import type { DB } from './types.js';

export type Backend = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  backend: Backend;
  /** The PostgreSQL URL (postgres backend only), for connections outside the pool (LISTEN). */
  url: string | undefined;
  /** Runs a named (prepared) statement on the pool; for a few hot, fixed statements only. */
  prepared(name: string, text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * Called if the database is lost for good (the embedded database's worker crashed).
   * PostgreSQL connections are re-established by the pool, so it never fires there.
   */
  onFailure(listener: (error: Error) => void): void;
  close(): Promise<void>;
}

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' };

configurePgTypes();

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process.
    pool.on('error', () => undefined);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return {
      db,
      backend: 'postgres',
      url: target.url,
      prepared: (name, text, values) => pool.query({ name, text, values }),
      onFailure: () => undefined,
      close: () => db.destroy(),
    };
  }

  let lock: DataDirLock | undefined;
  let pool: PgliteWorkerPool;
  if (target.kind === 'pglite') {
    lock = lockDataDir(target.dataDir);
    const dir = join(target.dataDir, 'pglite');
    try {
      pool = await PgliteWorkerPool.start(dir);
    } catch (error) {
      lock.release();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `the embedded database in ${dir} could not be opened (${reason}). If the directory was damaged, ` +
          'restore it from a backup, or move it aside to start with an empty database.',
        { cause: error },
      );
    }
  } else {
    pool = await PgliteWorkerPool.start(null);
  }
  // Kysely drives the worker pool through the same PostgresDialect as a real pg.Pool.
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    db,
    backend: 'pglite',
    url: undefined,
    prepared: (name, text, values) => pool.query(text, values, name),
    onFailure: (listener) => pool.onFailure(listener),
    async close() {
      try {
        await db.destroy();
      } finally {
        // A worker that failed to close is stopped all the same: the directory is free again.
        lock?.release();
      }
    },
  };
}
