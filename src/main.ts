// Kanava's single command-line entry point: `kanava <command> [...args]`.
// Each command lives beside its domain; this file only routes to it, loading lazily so
// `kanava bot eval` does not pay for the web server's imports.
import { commands, printHelp } from './cli/commands.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printHelp();
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`kanava: unknown command "${name}". Run "kanava --help" for the list.\n`);
    return 2;
  }
  const run = await command.load();
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kanava: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
