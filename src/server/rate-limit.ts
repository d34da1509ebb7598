import type { AppDeps } from './context.js';

/** Route config giving a per-client rate limit; `perMinute` defaults to the configured public limit. */
export function publicRateLimit(deps: AppDeps, perMinute = deps.config.publicRateLimit) {
  return { rateLimit: { max: perMinute, timeWindow: 60_000 } };
}
