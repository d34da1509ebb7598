// PostgreSQL (and PGlite) report a unique violation as SQLSTATE 23505 with the name of the
// constraint or index that refused the row. Callers name the one they expect, so a
// violation of some other unique rule is never mistaken for it.

const UNIQUE_VIOLATION = '23505';

/** Whether `error` is a unique violation of exactly `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint: violated } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === UNIQUE_VIOLATION && violated === constraint;
}
