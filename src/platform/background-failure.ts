// Failures of work that runs after a request has been answered (event subscribers, the
// relay between instances, delivery records): nobody is waiting for them, so they are
// reported as process warnings. A database error is reported by its SQLSTATE and the names
// of what it concerns only: its message or detail can quote the values (names, emails,
// message text) that were being written.
export function reportBackgroundFailure(what: string, error: unknown): void {
  process.emitWarning(`${what}: ${describeFailure(error)}`);
}

export function describeFailure(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; message?: unknown; code?: unknown; constraint?: unknown; table?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const about = [e.table, e.constraint].filter((part): part is string => typeof part === 'string');
      return `database error ${e.code}${about.length > 0 ? ` (${about.join(', ')})` : ''}`;
    }
    if (typeof e.message === 'string') return `${typeof e.name === 'string' ? e.name : 'Error'}: ${e.message}`;
  }
  return String(error);
}
