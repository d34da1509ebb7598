// One error vocabulary: a stable code, its HTTP status, and a user-facing message from the
// i18n catalogue (key `error.<code>`). Internal detail (the cause) is logged, never sent.
// The codes and their statuses are part of the wire contract (src/contract/errors.ts).
import { errorStatus, type ErrorCode } from '../contract/errors.js';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Values for the message template and machine-readable detail for the caller. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.details = details;
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', { what });
export const forbidden = (): AppError => new AppError('forbidden');
