// The database for a one-off command (migrate, library create/list): opened like `kanava
// start` opens it, so a command works on a fresh install as well as after an upgrade.
import { loadConfig } from '../platform/config.js';
import { DataDirLockedError } from '../platform/db/data-dir-lock.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
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

/** Opens and migrates the database, runs the command on it, and closes it. */
export async function withCommandDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openCommandDatabase();
  try {
    await migrate(database.db);
    return await run(database);
  } finally {
    await database.close();
  }
}
