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

/**
 * Lengths worded for an operator: the API's schemas leave them to zod's locale, whose text
 * ("Too small: expected string to have >=10 characters") is written for developers. A
 * schema's own message still wins over this.
 */
const operatorWording: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'too_small' && issue.origin === 'string') return `must be at least ${String(issue.minimum)} characters`;
  if (issue.code === 'too_big' && issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
  return undefined;
};

/** Checks one option against the schema the API uses for the same value. */
export function validOption<T>(schema: z.ZodType<T>, value: unknown, option: string): T {
  const parsed = schema.safeParse(value, { error: operatorWording });
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
