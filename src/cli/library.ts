// `kanava library <create|list>`: managing the libraries (tenants) of an install. These are
// operator commands on the server, not API routes: no role inside one library may create another.
import { createUsage, libraryCreateCommand } from './library-create.js';
import { libraryListCommand, listUsage } from './library-list.js';

const subcommands: Record<string, (argv: string[]) => Promise<number>> = {
  create: libraryCreateCommand,
  list: libraryListCommand,
};

const summary = `Usage: kanava library <command> [options]
  create  add a library and its first admin (kanava library create --help)
  list    list the libraries with their number of active staff
`;

export async function libraryCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${summary}\n${createUsage}\n${listUsage}`);
    return 0;
  }
  const run = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!run) {
    process.stderr.write(`kanava library: ${name === undefined ? 'which command?' : `unknown command "${name}"`}\n\n${summary}`);
    return 2;
  }
  return run(rest);
}
