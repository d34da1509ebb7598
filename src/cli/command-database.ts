// The database for a one-off command (library create/list): opened like `kanava start` opens
// it and migrated, so a command works on a fresh install as well as after an upgrade.
import { loadConfig } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrate.js';
import { databaseTarget } from '../server/runtime.js';

// The embedded database admits one process (src/platform/db/data-dir-lock.ts); its error
// names the holder but not what to do when the holder is the running server.
const DATA_DIR_IN_USE = /is in use by another Kanava process/;

export async function withCommandDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  let database: Database;
  try {
    database = await openDatabase(databaseTarget(loadConfig()));
  } catch (error) {
    if (error instanceof Error && DATA_DIR_IN_USE.test(error.message)) {
      throw new Error(
        `${error.message}.\nCommands open the embedded database themselves, and only one process may have it ` +
          'open: stop "kanava start", run the command, and start again. (On PostgreSQL, with DATABASE_URL, ' +
          'commands run beside the servers.)',
        { cause: error },
      );
    }
    throw error;
  }
  try {
    await migrate(database.db);
    return await run(database);
  } finally {
    await database.close();
  }
}
