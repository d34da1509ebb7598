// `kanava library list`: the libraries of this install with their number of active staff.
import { listLibrarySummaries } from '../domains/libraries/store.js';
import { withCommandDatabase } from './command-database.js';
import { parseOptions, withUsage } from './usage.js';

export const listUsage = `Usage: kanava library list [--json]
Lists the libraries of this install: slug, name and number of active staff accounts.
  --json  print a JSON array instead of a table
`;

export async function libraryListCommand(argv: string[]): Promise<number> {
  return withUsage('library list', async () => {
    const values = parseOptions(argv, { json: { type: 'boolean' }, help: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(listUsage);
      return 0;
    }
    const libraries = await withCommandDatabase({ migrate: false }, ({ db }) => listLibrarySummaries(db));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(libraries, null, 2)}\n`);
      return 0;
    }
    const rows = [['SLUG', 'NAME', 'ACTIVE STAFF'], ...libraries.map((l) => [l.slug, l.name.fi, String(l.activeStaff)])];
    const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    const lines = rows.map(([slug, name, staff]) => `${slug!.padEnd(widths[0]!)}  ${name!.padEnd(widths[1]!)}  ${staff}`);
    process.stdout.write(libraries.length === 0 ? 'No libraries yet. Add one with "kanava library create".\n' : `${lines.join('\n')}\n`);
    return 0;
  });
}
