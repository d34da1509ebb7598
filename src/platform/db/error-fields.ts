// What may be said of a PostgreSQL error in a log: its SQLSTATE and the names of what it
// concerns. Its message, detail and where can quote the values that were being written
// (names, emails, message text).
export interface DatabaseErrorFields {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** The reportable fields of a database error; undefined for anything without a SQLSTATE. */
export function databaseErrorFields(error: unknown): DatabaseErrorFields | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  const fields: DatabaseErrorFields = { code: e.code };
  for (const key of ['constraint', 'table', 'column'] as const) {
    const value = e[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}
