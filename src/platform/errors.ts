// One error vocabulary: a stable code, its HTTP status, and a user-facing message from the
// i18n catalogue (key `error.<code>`). Internal detail (the cause) is logged, never sent.
export const errorStatus = {
  invalid_json: 400,
  validation_failed: 400,
  invalid_frame: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  already_claimed: 409,
  choose_library: 409,
  email_taken: 409,
  wrong_password: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

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
