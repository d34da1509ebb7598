// Opaque keyset cursors: base64url JSON of the sort key of the last row returned.
import { AppError } from './errors.js';
import { translations } from './i18n.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// What toISOString writes for years 0000–9999, all of which PostgreSQL can compare with.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(time: Date, id: string): string {
  return Buffer.from(JSON.stringify([time.toISOString(), id])).toString('base64url');
}

/**
 * One page of a keyset query that fetched `limit + 1` rows (the extra row only tells that
 * more follow), and the cursor after its last row, or null on the last page.
 */
export function keysetPage<T extends { id: string }>(
  rows: T[],
  limit: number,
  timeOf: (row: T) => Date,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(timeOf(last), last.id) : null };
}

/**
 * Accepts only what encodeCursor writes: a forged cursor (an id of dashes, a year beyond
 * what the database takes, 2026-02-31) is the caller's error, not a query that fails.
 */
export function decodeCursor(cursor: string): { time: Date; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const [iso, id] = value as [string, string];
      const time = new Date(iso);
      // The round trip refuses dates that do not exist (JavaScript would roll them over).
      if (ISO_TIME.test(iso) && !Number.isNaN(time.getTime()) && time.toISOString() === iso && UUID.test(id)) {
        return { time, id };
      }
    }
  } catch {
    // fall through to the error below
  }
  const issues = [{ path: 'querystring.cursor', message: translations('validation.cursor') }];
  throw new AppError('validation_failed', { issues });
}
