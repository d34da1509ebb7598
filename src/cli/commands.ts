// The table of CLI commands. A command module exports a function taking the remaining
// arguments and resolving to the process exit code.
import { loadOptionalCommand } from './optional-module.js';

export type CommandRunner = (argv: string[]) => Promise<number>;

export interface Command {
  name: string;
  summary: string;
  load: () => Promise<CommandRunner>;
}

export const commands: Command[] = [
  {
    name: 'start',
    summary: 'start Kanava: migrate, seed the demo library into an empty database, serve',
    load: async () => (await import('./start.js')).startCommand,
  },
  {
    name: 'migrate',
    summary: 'apply pending database migrations and exit',
    load: async () => (await import('./migrate.js')).migrateCommand,
  },
  {
    name: 'library',
    summary: 'libraries of this install: `library create --slug <slug> --name <name> --admin-email <email>`, `library list`',
    load: async () => (await import('./library.js')).libraryCommand,
  },
  {
    name: 'mail',
    summary: 'email: `mail ingest --library <slug> [--url <base>]` hands one message on stdin to the running server (for Postfix/Exim)',
    load: async () => (await import('./mail.js')).mailCommand,
  },
  {
    name: 'bot',
    summary: 'bot tools: `bot eval --train <training.json> --data <test.jsonl> [--json] [--threshold n] [--report]`',
    load: () => loadOptionalCommand(new URL('../domains/bot/cli.js', import.meta.url).href, 'botCommand', 'the bot command'),
  },
];

export function printHelp(): void {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  process.stdout.write(
    [
      'Usage: kanava <command> [options]',
      '',
      'Commands:',
      ...lines,
      '',
      'Environment: DATABASE_URL (PostgreSQL; default: embedded database in ./data), PORT (default 8080)',
      '',
    ].join('\n'),
  );
}
