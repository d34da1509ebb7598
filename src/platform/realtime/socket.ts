// Shared handling of a WebSocket connection: JSON frames, keep-alive pings, and closing
// a client that cannot keep up (it resumes from its last seq when it reconnects).
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Language } from '../../contract/languages.js';
import { errorBody, summariseIssues } from '../http/errors.js';
import { localizeIssue } from '../http/validation.js';
import { CLOSE_TOO_SLOW, type ErrorFrame } from '../../contract/frames.js';
import { languageSchema } from '../../contract/language-schemas.js';

/** `?lang=` on a socket URL: the language the app shows, which need not be the browser's. */
export const socketLanguageQuery = z.object({
  lang: languageSchema.optional().describe('Language of error messages on this socket (default: Accept-Language)'),
});

const PING_INTERVAL_MS = 30_000;
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

const corked = new WeakSet<Socket>();

/** Closes a socket whose client fell too far behind; it resumes from its last seq on reconnect. */
export function closeTooSlow(socket: WebSocket): void {
  socket.close(CLOSE_TOO_SLOW, 'too slow; reconnect and resume');
}

/**
 * Writes the frame unless the socket is no longer open or its client fell too far behind
 * (then closed); returns whether it was written, which is what counts as delivered.
 */
export function sendFrame(socket: WebSocket, frame: string): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    closeTooSlow(socket);
    return false;
  }
  // Every frame would otherwise be its own write system call; under load those calls were
  // most of the server's CPU. Corking the TCP socket until the event loop turns sends all
  // frames of this turn in one write, without changing what the client receives.
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  if (raw && !corked.has(raw)) {
    corked.add(raw);
    raw.cork();
    setImmediate(() => {
      corked.delete(raw);
      raw.uncork();
    });
  }
  socket.send(frame);
  return true;
}

/** An error frame; one about a chat `send` names its clientId so the client can mark that message. */
export function errorFrame(language: Language, error: AppError, clientId?: string): string {
  const frame: ErrorFrame = { type: 'error', ...errorBody(error, language).error, ...(clientId ? { clientId } : {}) };
  return JSON.stringify(frame);
}

/**
 * Waits until the client has taken all but `bytes` of what was sent to it (or the socket
 * closed), so a long replay goes out page by page instead of overrunning a slow client.
 */
export async function drained(socket: WebSocket, bytes = 1024 * 1024): Promise<void> {
  while (socket.readyState === socket.OPEN && socket.bufferedAmount > bytes) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Pings the client periodically and terminates it if the previous ping went unanswered. */
export function keepAlive(socket: WebSocket): void {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, PING_INTERVAL_MS);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}

/** Parses a text frame as JSON; null when it is not JSON. */
export function parseFrame(data: unknown): unknown {
  try {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Checks a client frame against its schema. A bad frame becomes `invalid_frame`, its summary
 * worded in the socket's language as HTTP validation words it: parsed with `reportInput`,
 * which zod's locales need to name types; the input goes no further than the messages.
 */
export function checkFrame<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  language: Language,
): { ok: true; frame: T } | { ok: false; error: AppError } {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: localizeIssue(issue)[language] }));
  return { ok: false, error: new AppError('invalid_frame', { summary: summariseIssues(issues) }) };
}

/** A small token bucket per socket: `capacity` frames, refilled at `perSecond`. */
export function frameLimiter(capacity: number, perSecond: number): () => boolean {
  let tokens = capacity;
  let last = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

// `ws` names every violation of the protocol by the client (unmasked frame, RSV bits, bad
// opcode, invalid UTF-8, a frame over maxPayload, …) with a WS_ERR_ code, and closes the
// socket itself with the matching close code (1002, 1007, 1009).
const PROTOCOL_ERROR = /^WS_ERR_/;
// Writing to a client whose connection is already gone.
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

/**
 * @fastify/websocket's errorHandler, for both sockets. A client breaking the protocol is its
 * fault, not ours: logged once, at info, with its code and no stack (a client can send such
 * frames at will and must not fill the error log); `ws` closes the socket with the close
 * code the error names. A connection lost under a write is logged at debug. Anything else
 * came from our handler: logged as an error, socket cut.
 */
export function onSocketError(error: Error, socket: WebSocket, request: FastifyRequest): void {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && PROTOCOL_ERROR.test(code)) {
    // ws emits at most one error per socket; a second would only repeat the first.
    request.log.info({ code }, 'websocket client broke the protocol; closed');
    return;
  }
  if (typeof code === 'string' && CONNECTION_LOST.has(code)) {
    request.log.debug({ code }, 'websocket client connection lost');
    socket.terminate();
    return;
  }
  request.log.error({ err: error }, 'websocket handler failed');
  socket.terminate();
}
