// Command-line options for the commands that take them: node's own parser, strict, with its
// errors (unknown option, missing value) turned into usage errors, which exit with code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

/** Wrong use of a command (exit code 2), as opposed to a command that failed (exit code 1). */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Checks one option against the schema the API uses for the same value. */
export function validOption<T>(schema: z.ZodType<T>, value: unknown, option: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const reason = parsed.error.issues.map((i) => i.message).join('; ');
  throw new UsageError(value === undefined ? `${option} is required` : `${option}: ${reason}`);
}

/** Runs a command body; a usage error prints its message and where the help is, exit 2. */
export async function withUsage(command: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kanava ${command}: ${error.message}\nRun "kanava ${command} --help" for the options.\n`);
    return 2;
  }
}
