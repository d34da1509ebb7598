// How node-postgres turns column values into JavaScript, set once per thread that runs pg
// (the main thread for PostgreSQL, the PGlite worker for the embedded database).
import pg from 'pg';

/** timestamptz → Date (pg's default); int8 (count(*)) → number, as our counts stay far below 2^53. */
export function configurePgTypes(): void {
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number.parseInt(value, 10));
}
