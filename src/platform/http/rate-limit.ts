// Rate limits. A route limits the requests of each client with `config: rateLimitPerMinute(n)`;
// a handler that counts only some of its requests (a chat start that creates a conversation,
// not one that continues it) spends a `budget` itself. Both count in @fastify/rate-limit's
// store: in memory on the embedded database, in PostgreSQL otherwise (rate-limit-store.ts),
// shared by every instance.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { normalizeIP } from '@fastify/rate-limit';
import { AppError } from '../errors.js';
import type { App } from './app.js';

/** Route config giving a per-client rate limit of `perMinute` requests (KANAVA_PUBLIC_RATE_LIMIT for public endpoints). */
export function rateLimitPerMinute(perMinute: number) {
  return { rateLimit: { max: perMinute, timeWindow: 60_000 } };
}

/** The client's address as the limits count it: an IPv6 address by its /64 network, as the route limits do. */
export const clientAddress = (request: FastifyRequest): string => normalizeIP(request.ip);

export interface BudgetOptions {
  /** Names the budget in its keys, and the reason a refusal gives (`error.rate_limited.<reason>`). */
  name: string;
  max: number;
  windowMs: number;
  /** Whose budget a request spends, e.g. its client address or its library. */
  key: (request: FastifyRequest) => string;
}

/**
 * A budget a handler spends when it decides the request counts: each call counts one; past
 * `max` in the window it throws 429 rate_limited with the seconds left (and Retry-After).
 * Call when registering routes (after the rate-limit plugin).
 */
export function budget(app: App, options: BudgetOptions): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const limiter = app.createRateLimit({
    max: options.max,
    timeWindow: options.windowMs,
    keyGenerator: (request) => `${options.name}|${options.key(request)}`,
  });
  return async (request, reply) => {
    const result = await limiter(request);
    if (result.isAllowed || !result.isExceeded) return;
    const seconds = Math.max(1, result.ttlInSeconds);
    void reply.header('retry-after', String(seconds));
    throw new AppError('rate_limited', { seconds, reason: options.name });
  };
}
