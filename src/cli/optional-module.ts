// Loads a command module that may not be part of this build yet, with a clear message
// instead of a module-resolution stack trace when it is missing.
import type { CommandRunner } from './commands.js';

export async function loadOptionalCommand(specifier: string, exportName: string, what: string): Promise<CommandRunner> {
  try {
    const module = (await import(specifier)) as Record<string, unknown>;
    const runner = module[exportName];
    if (typeof runner === 'function') return runner as CommandRunner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  return async () => {
    process.stderr.write(`kanava: ${what} is not available in this build.\n`);
    return 2;
  };
}
