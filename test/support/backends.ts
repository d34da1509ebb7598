// The database backends every integration test runs on. Both by default; a backend that is
// unreachable fails the run rather than being skipped, so CI cannot pass by testing less.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Backend, DatabaseTarget } from '../../src/platform/db/database.js';

export const ADMIN_DATABASE_URL = process.env.KANAVA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function testBackends(): Backend[] {
  const wanted = (process.env.KANAVA_TEST_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim());
  return wanted.filter((b): b is Backend => b === 'pglite' || b === 'postgres');
}

export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, empty database: in-memory PGlite, or a new PostgreSQL database dropped afterwards. */
export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') return { target: { kind: 'pglite-memory' }, drop: async () => undefined };
  const name = `kanava_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString(), poolSize: 5 },
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
