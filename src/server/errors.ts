// Turns every failure into the one error shape `{error: {code, message, details?}}` with a
// message in the caller's language. Unknown errors are logged in full and answered with a
// generic 500 — no stack trace or internal message ever reaches the caller.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../platform/errors.js';
import { languageFromHeader, t } from '../platform/i18n.js';
import type { App } from './context.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

interface Issue {
  path: string;
  message: string;
}

export function summariseIssues(issues: Issue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
}

function fromFastifyError(error: FastifyError): AppError | undefined {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues: Issue[] = error.validation.map((v) => ({
      path: [error.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return new AppError('validation_failed', { issues, summary: summariseIssues(issues) });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', { limit: '64 KiB' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid_json');
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('invalid_json');
  if (error.validation) {
    const issues: Issue[] = error.validation.map((v) => ({ path: v.instancePath, message: v.message ?? 'invalid' }));
    return new AppError('validation_failed', { issues, summary: summariseIssues(issues) });
  }
  if (error.statusCode === 429) return new AppError('rate_limited');
  return undefined;
}

// The database cannot be reached: SQLSTATE classes 08 (connection exception) and 57P
// (operator intervention: shutdown, crash), a database that is gone, or a refused socket.
const DATABASE_UNREACHABLE = /^(08|57P|3D000$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|EHOSTUNREACH$)/;

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error && typeof error === 'object' && 'code' in error) {
    const { code } = error as { code: unknown };
    if (typeof code === 'string' && DATABASE_UNREACHABLE.test(code)) return new AppError('unavailable', undefined, { cause: error });
    return fromFastifyError(error as FastifyError);
  }
  return undefined;
}

/** The one error shape; `summary` and `what` only fill the message, the rest is detail. */
export function errorBody(error: AppError, language: ReturnType<typeof languageFromHeader>) {
  const { summary: _summary, what: _what, ...details } = error.details ?? {};
  return {
    error: {
      code: error.code,
      message: t(language, `error.${error.code}`, error.details),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    },
  };
}

export function registerErrorHandling(app: App): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const language = request.language ?? languageFromHeader(request.headers['accept-language']);
    const known = toAppError(error);
    if (!known || known.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    }
    const appError = known ?? new AppError('internal');
    if (appError.code === 'rate_limited') {
      const retryAfter = Number(reply.getHeader('retry-after') ?? appError.details?.seconds ?? 60);
      void reply.header('retry-after', String(retryAfter));
      return reply.status(429).send(errorBody(new AppError('rate_limited', { seconds: retryAfter }), language));
    }
    return reply.status(appError.status).send(errorBody(appError, language));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send(errorBody(new AppError('route_not_found'), request.language));
  });
}
