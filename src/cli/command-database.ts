// The database for a one-off command (migrate, library create/list): opened like `kanava
// start` opens it. A command that writes migrates it first, so it works on a fresh install
// as well as after an upgrade; one that only reads leaves the schema alone.
import { loadConfig } from '../platform/config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate, pendingMigrations } from '../platform/db/migrate.js';
import { databaseTarget } from '../server/runtime.js';

/**
 * Opens the database; on an embedded one that a running server holds, the error says what to
 * do: the lock's own message names the holding process but not that it is most likely the server.
 */
export async function openCommandDatabase(): Promise<Database> {
  try {
    return await openDatabase(databaseTarget(loadConfig()));
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new Error(
        `the data directory ${error.dir} is in use by another Kanava process (PID ${error.pid}), ` +
          'such as a running "kanava start".\nCommands open the embedded database themselves, and only one process may have it ' +
          'open: stop "kanava start", run the command, and start again. (On PostgreSQL, with DATABASE_URL, ' +
          'commands run beside the servers.)',
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Opens the database, readies it, runs the command on it, and closes it. A command that
 * writes (`migrate: true`) brings the schema up to date first, as `kanava start` would; one
 * that only reads must not: on PostgreSQL a migration changes the schema under the servers
 * running beside it, which may be an older version. It refuses a database not yet migrated.
 */
export async function withCommandDatabase<T>(options: { migrate: boolean }, run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openCommandDatabase();
  try {
    if (options.migrate) await migrate(database.db);
    else await requireMigrated(database);
    return await run(database);
  } finally {
    await database.close();
  }
}

async function requireMigrated(database: Database): Promise<void> {
  const pending = await pendingMigrations(database.db);
  if (pending.length === 0) return;
  throw new Error(
    `the database is not up to date for this version of Kanava (${pending.length} migration(s) pending, ` +
      `e.g. ${pending[0]}). This command only reads and does not migrate: run "kanava migrate" first.`,
  );
}
