// `kanava migrate`: apply pending migrations (through the same data-directory lock as start).
import { migrate } from '../platform/db/migrate.js';
import { openCommandDatabase } from './command-database.js';

export async function migrateCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write('Usage: kanava migrate\nApplies pending database migrations and exits.\n');
    return 0;
  }
  const database = await openCommandDatabase();
  try {
    const applied = await migrate(database.db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    return 0;
  } finally {
    await database.close();
  }
}
