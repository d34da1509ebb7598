// Failures of work that runs after a request has been answered (event subscribers, the
// relay between instances, delivery records): nobody is waiting for them, so they are
// reported as process warnings. A database error is reported by its SQLSTATE and the names
// of what it concerns only: its message or detail can quote the values (names, emails,
// message text) that were being written.
import { databaseErrorFields } from './db/error-fields.js';

export function reportBackgroundFailure(what: string, error: unknown): void {
  process.emitWarning(`${what}: ${describeFailure(error)}`);
}

export function describeFailure(error: unknown): string {
  const database = databaseErrorFields(error);
  if (database) {
    const about = [database.table, database.constraint].filter((part): part is string => part !== undefined);
    return `database error ${database.code}${about.length > 0 ? ` (${about.join(', ')})` : ''}`;
  }
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown };
    if (typeof e.message === 'string') return `${typeof e.name === 'string' ? e.name : 'Error'}: ${e.message}`;
  }
  return String(error);
}
