// The one error vocabulary: every stable code and its HTTP status, and the shape every
// error answer (and every error frame on a socket) takes. Messages come translated.
import { z } from 'zod';

export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  invalid_frame: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_site_request: 403,
  misdirected_request: 421,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  already_claimed: 409,
  choose_library: 409,
  email_taken: 409,
  wrong_password: 400,
  request_timeout: 408,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  headers_too_large: 431,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorView = z.object({
  code: z.string().describe('Stable code, e.g. validation_failed, not_found'),
  message: z.string().describe('For people, in the caller’s language'),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorView = z.infer<typeof errorView> & { code: ErrorCode };
