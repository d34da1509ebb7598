/** Route config giving a per-client rate limit of `perMinute` requests (KANAVA_PUBLIC_RATE_LIMIT for public endpoints). */
export function rateLimitPerMinute(perMinute: number) {
  return { rateLimit: { max: perMinute, timeWindow: 60_000 } };
}
