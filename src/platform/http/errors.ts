// Turns every failure into the one error shape `{error: {code, message, details?}}` with a
// message in the caller's language. Unknown errors are logged in full and answered with a
// generic 500 — no stack trace or internal message ever reaches the caller.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { databaseErrorFields } from '../db/error-fields.js';
import { hasMessage, languageFromHeader, t, translations } from '../i18n.js';
import type { Language, Localized } from '../../contract/languages.js';
import type { App } from './app.js';
import { isLocalizedValidationError } from './validation.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

interface Issue {
  path: string;
  message: string;
}

/** An issue as an AppError carries it: its message in one text or in every language. */
export interface AppIssue {
  path: string;
  message: string | Localized;
}

export function summariseIssues(issues: Issue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
}

/** A validation error whose issues are catalogue messages (`validation.*`). */
export function validationErrors(issues: { path: string; key: string }[], options?: { cause?: unknown }): AppError {
  const localized: AppIssue[] = issues.map(({ path, key }) => ({ path, message: translations(key) }));
  return new AppError('validation_failed', { issues: localized }, options);
}

/** A validation error whose one issue is a catalogue message (`validation.*`). */
export function validationError(path: string, key: string, options?: { cause?: unknown }): AppError {
  return validationErrors([{ path, key }], options);
}

function fromFastifyError(error: FastifyError): AppError | undefined {
  if (error.validation) {
    const issues: AppIssue[] = error.validation.map((v) => ({
      path: [
        error.validationContext,
        ...String(v.instancePath ?? '')
          .split('/')
          .filter(Boolean),
      ].join('.'),
      message: isLocalizedValidationError(v) ? v.localized : (v.message ?? 'invalid'),
    }));
    return new AppError('validation_failed', { issues });
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
    case 'FST_ERR_BAD_URL':
      return validationError('url', 'validation.url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return validationError('url', 'validation.param_too_long');
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) return new AppError('invalid_json');
  if (error.statusCode === 429) return new AppError('rate_limited');
  return undefined;
}

// The database cannot be reached: SQLSTATE classes 08 (connection exception) and 57P
// (operator intervention: shutdown, crash), a database that is gone, or a refused socket.
// A reset socket is one only when it is not the caller's (see clientGone).
const DATABASE_UNREACHABLE = /^(08|57P|3D000$|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|EHOSTUNREACH$)/;

// The caller's connection broke while its body was read (an aborted upload): Fastify's body
// reader marks such an error with a 4xx statusCode, which a database error never carries,
// so a caller hanging up is not mistaken for the database going away.
const CLIENT_GONE = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

function clientStatus(error: object): number | undefined {
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  const value = typeof statusCode === 'number' ? statusCode : status;
  return typeof value === 'number' && value >= 400 && value < 500 ? value : undefined;
}

/** Whether the error is the caller's connection breaking during the request. */
export function isClientGone(error: unknown): boolean {
  if (!error || typeof error !== 'object' || !('code' in error)) return false;
  const { code } = error as { code: unknown };
  return typeof code === 'string' && CLIENT_GONE.has(code) && clientStatus(error) !== undefined;
}

/**
 * A 4xx that a plugin raised in its own shape: the static files' `send` (a path with dot
 * segments, `//` or NUL is refused with 403; a Range or If-Match it cannot meet is 416 or
 * 412), or Fastify's body reader. Answered in our shape: the caller's fault, never a 500.
 */
function fromClientStatus(status: number): AppError {
  switch (status) {
    // We say only that there is no such file, not why the path was refused.
    case 403:
    case 404:
      return new AppError('not_found', { what: 'file' });
    case 405:
      return new AppError('method_not_allowed');
    case 412:
      return new AppError('precondition_failed');
    case 413:
      return new AppError('payload_too_large', { limit: '64 KiB' });
    case 414:
      return validationError('url', 'validation.param_too_long');
    case 415:
      return new AppError('unsupported_media_type');
    case 416:
      return new AppError('range_not_satisfiable');
    case 429:
      return new AppError('rate_limited');
    default:
      return new AppError('bad_request');
  }
}

// What only a caller's value can cause: bad text for a type (22P02), a number, date or time
// out of range or malformed (22003, 22007, 22008), text too long for its column (22001), a
// NUL byte (22021, 22P05), a CHECK the schema did not repeat (23514), an index row too large
// (54000). Other data exceptions (division by zero, 22012) and NOT NULL violations are our
// own statements' faults: they stay logged 500s.
const BAD_INPUT = new Set(['22P02', '22003', '22007', '22008', '22001', '22021', '22P05', '23514', '54000']);

/**
 * The safety net behind the schemas: PostgreSQL refusing a value the schemas let through is
 * the caller's bad input, not our failure (BAD_INPUT, answered 400); a unique or exclusion
 * violation and a broken reference answer 409. The answer names no SQL; the cause is logged.
 */
function fromDatabaseError(code: string, error: unknown): AppError | undefined {
  if (BAD_INPUT.has(code)) return validationError('', 'validation.database_value', { cause: error });
  if (code === '23505' || code === '23P01') return new AppError('conflict', { reason: 'duplicate' }, { cause: error });
  // Either side of a foreign key: a reference to a record that is gone, or a record still referenced.
  if (code === '23503') return new AppError('conflict', { reason: 'reference' }, { cause: error });
  return undefined;
}

export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (!error || typeof error !== 'object') return undefined;
  if (isClientGone(error)) return new AppError('bad_request');
  if ('code' in error) {
    const { code } = error as { code: unknown };
    if (typeof code === 'string' && DATABASE_UNREACHABLE.test(code)) return new AppError('unavailable', undefined, { cause: error });
    if (typeof code === 'string') {
      const database = fromDatabaseError(code, error);
      if (database) return database;
    }
    const framework = fromFastifyError(error as FastifyError);
    if (framework) return framework;
  }
  const status = clientStatus(error);
  return status === undefined ? undefined : fromClientStatus(status);
}

// PostgreSQL's detail ("Failing row contains (…)", "Key (email)=(…) already exists") and
// where repeat the row's data: names, emails, message bodies. Logs keep the rest.
const ROW_DATA_FIELDS = ['detail', 'where', 'internalQuery'] as const;

/** The error as logged: a database error without the fields that repeat the row's data. */
function withoutRowData(error: unknown): unknown {
  if (!(error instanceof Error) || !ROW_DATA_FIELDS.some((key) => key in error)) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  for (const key of ROW_DATA_FIELDS) delete copy[key];
  return copy;
}

/**
 * The one error shape. `what` (not_found) and `reason` (conflict) are stable tokens that
 * choose a more precise message (`error.<code>.<token>`) when the catalogue has one; the
 * generic message never embeds them, so no untranslated word reaches the caller. Issues
 * carry their texts in every language; the caller's is shown and summarised.
 */
export function errorBody(error: AppError, language: Language) {
  const { summary, what, issues, ...rest } = error.details ?? {};
  const shownIssues = Array.isArray(issues)
    ? (issues as AppIssue[]).map((i) => ({ path: i.path, message: typeof i.message === 'string' ? i.message : i.message[language] }))
    : undefined;
  const values = { ...error.details, summary: summary ?? (shownIssues ? summariseIssues(shownIssues) : '') };
  const variant = what ?? rest.reason;
  const precise = typeof variant === 'string' ? `error.${error.code}.${variant}` : undefined;
  const details = { ...rest, ...(shownIssues ? { issues: shownIssues } : {}) };
  return {
    error: {
      code: error.code,
      message: t(language, precise && hasMessage(precise) ? precise : `error.${error.code}`, values),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    },
  };
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a badly encoded path, a
 * path parameter over the length limit) get our shape and language instead of Fastify's.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = toAppError(error);
  if (!known) request.log.error({ err: withoutRowData(error) }, 'request failed before routing');
  const appError = known ?? new AppError('internal');
  const language = languageFromHeader(request.headers['accept-language']);
  return reply.status(appError.status).send(errorBody(appError, language));
}

// Node's HTTP parser refused the request (raw bytes or spaces in the path, a malformed
// header, headers over 16 KiB, a client too slow to send them): no request exists yet, so no
// language either; the answer is Finnish, the default, in our shape.
const UNPARSED: Record<string, 'headers_too_large' | 'request_timeout'> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

/**
 * Fastify's `clientErrorHandler`: a request Node could not parse is answered in our shape
 * instead of Fastify's, and logged at debug without the error (it is the client's doing).
 */
export function answerClientError(
  this: { log: { debug(obj: object, msg: string): void } },
  error: Error & { code?: string },
  socket: Socket,
): void {
  // A reset connection has nobody to answer (Fastify's own handler does the same).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ code: error.code }, 'request could not be parsed');
  const appError = new AppError(UNPARSED[error.code ?? ''] ?? 'bad_request');
  // A HEAD request gets the status only: a body would be taken as the next response.
  const isHead = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  const body = isHead ? '' : JSON.stringify(errorBody(appError, 'fi'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${appError.code}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

export function registerErrorHandling(app: App): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const language = request.language ?? languageFromHeader(request.headers['accept-language']);
    const known = toAppError(error);
    if (!known || known.status >= 500) {
      request.log.error({ err: withoutRowData(error) }, 'request failed');
    } else if (isClientGone(error)) {
      // The caller hung up mid-request: its doing, not ours, so no stack and no alarm.
      request.log.info({ code: (error as { code?: string }).code }, 'client closed the connection during the request');
    } else if (known.cause) {
      // A 4xx the database gave (see fromDatabaseError): a gap in a schema worth closing. Its
      // message and detail quote the caller's values, so only where it happened is logged.
      request.log.warn({ database: databaseErrorFields(known.cause) }, 'database refused the request');
    }
    const appError = known ?? new AppError('internal');
    if (appError.code === 'rate_limited') {
      const retryAfter = Number(reply.getHeader('retry-after') ?? appError.details?.seconds ?? 60);
      void reply.header('retry-after', String(retryAfter));
      return reply.status(429).send(errorBody(new AppError('rate_limited', { ...appError.details, seconds: retryAfter }), language));
    }
    return reply.status(appError.status).send(errorBody(appError, language));
  });

  // A plugin answering a 4xx without a body (a WebSocket route asked without an upgrade gets
  // @fastify/websocket's bare 404) still answers in our shape and the caller's language.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || reply.statusCode >= 500 || (payload !== undefined && payload !== null && payload !== '')) return payload;
    const appError = reply.statusCode === 404 ? new AppError('route_not_found') : fromClientStatus(reply.statusCode);
    void reply.type('application/json; charset=utf-8');
    return JSON.stringify(errorBody(appError, request.language));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send(errorBody(new AppError('route_not_found'), request.language));
  });
}
