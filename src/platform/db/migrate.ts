// Forward-only migrations: plain SQL files `NNNN_name.sql` in ./migrations, applied in
// order, each in its own transaction and recorded in `schema_migrations`. An advisory
// lock keeps two app instances starting at once from applying the same file twice.
import { readdirSync, readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';

const migrationsDir = new URL('./migrations/', import.meta.url);
const MIGRATION_LOCK_KEY = 7_245_001;

export interface Migration {
  version: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: file.replace(/\.sql$/, ''),
      sql: readFileSync(new URL(file, migrationsDir), 'utf8'),
    }));
}

/** The versions not yet applied, without changing anything (all of them on an empty database). */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const table = await sql<{ exists: boolean }>`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`.execute(db);
  const applied = new Set<string>();
  if (table.rows[0]?.exists) {
    const rows = await sql<{ version: string }>`SELECT version FROM schema_migrations`.execute(db);
    for (const row of rows.rows) applied.add(row.version);
  }
  return listMigrations()
    .map((migration) => migration.version)
    .filter((version) => !applied.has(version));
}

/** Applies pending migrations; returns the versions it applied. */
export async function migrate<T>(db: Kysely<T>): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const existing = await sql`SELECT 1 FROM schema_migrations WHERE version = ${migration.version}`.execute(trx);
      if (existing.rows.length > 0) return false;
      await sql.raw(migration.sql).execute(trx);
      await sql`INSERT INTO schema_migrations (version) VALUES (${migration.version})`.execute(trx);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
