// Opaque keyset cursors: base64url JSON of the sort key of the last row returned.
import { AppError } from './errors.js';

export function encodeCursor(time: Date, id: string): string {
  return Buffer.from(JSON.stringify([time.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { time: Date; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const time = new Date(value[0]);
      if (!Number.isNaN(time.getTime()) && /^[0-9a-f-]{36}$/i.test(value[1])) return { time, id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  const issues = [{ path: 'querystring.cursor', message: 'not a cursor returned by this API' }];
  throw new AppError('validation_failed', { issues, summary: 'cursor: not a cursor returned by this API' });
}
