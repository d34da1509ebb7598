// Rate-limit counters in the database (table rate_limits, migration 0004), so that every app
// instance on one PostgreSQL database counts against the same limits: behind a load
// balancer, two instances must not allow twice the requests. One statement per counted
// request: an UPSERT that adds the hit to the key's window, or starts a new window when the
// last one has passed, and returns the count and the time left. The database's clock decides,
// so instances whose clocks differ still agree. Windows behave like @fastify/rate-limit's
// in-memory store: a window starts at the first hit and lasts the limit's time window.
//
// `databaseRateLimitStore` adapts the counters to @fastify/rate-limit's `store` option: a
// route limit's keys are the client address prefixed with the route, as that plugin's
// in-memory store keeps one map per route.
import type { Database } from '../db/database.js';

/** A counter after a hit (or a read): hits in the current window, and milliseconds left in it. */
export interface Hit {
  current: number;
  ttl: number;
}

const MAX_COUNT = 2_147_483_647;

const HIT = `INSERT INTO rate_limits AS r (key, count, window_start, expires_at)
VALUES ($1, 1, now(), now() + make_interval(secs => $2::float8 / 1000))
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN r.expires_at <= now() THEN 1 ELSE least(r.count + 1, ${MAX_COUNT}) END,
  window_start = CASE WHEN r.expires_at <= now() THEN now() ELSE r.window_start END,
  expires_at = CASE WHEN r.expires_at <= now() THEN excluded.expires_at ELSE r.expires_at END
RETURNING count, (extract(epoch FROM expires_at - now()) * 1000)::float8 AS ttl`;

const READ = `SELECT count, (extract(epoch FROM expires_at - now()) * 1000)::float8 AS ttl
FROM rate_limits WHERE key = $1 AND expires_at > now()`;

const PRUNE = 'DELETE FROM rate_limits WHERE expires_at <= now()';

/** How often an instance deletes the counters whose window has passed. */
const PRUNE_INTERVAL_MS = 60_000;

interface CounterRow {
  count: number;
  ttl: number;
}

export class DatabaseCounters {
  readonly #database: Database;
  #lastPrune = Date.now();

  constructor(database: Database) {
    this.#database = database;
  }

  /** Counts one hit on `key` in a window of `windowMs`. */
  async hit(key: string, windowMs: number): Promise<Hit> {
    this.#pruneNowAndThen();
    const { rows } = await this.#database.prepared('rate_limit_hit', HIT, [key, windowMs]);
    const row = rows[0] as CounterRow;
    // The database's interval arithmetic can come out a fraction of a millisecond over the
    // window (seen on PostgreSQL 15); no window has more than its length left.
    return { current: row.count, ttl: Math.min(windowMs, Math.max(0, row.ttl)) };
  }

  /** The key's counter without counting a hit: 0 when its window has passed. */
  async read(key: string): Promise<Hit> {
    const { rows } = await this.#database.prepared('rate_limit_read', READ, [key]);
    const row = rows[0] as CounterRow | undefined;
    return row ? { current: row.count, ttl: Math.max(0, row.ttl) } : { current: 0, ttl: 0 };
  }

  /** Deletes the counters whose window has passed; returns how many. */
  async prune(): Promise<number> {
    this.#lastPrune = Date.now();
    const result = await this.#database.prepared('rate_limit_prune', PRUNE, []);
    return (result as { rowCount?: number | null }).rowCount ?? 0;
  }

  #pruneNowAndThen(): void {
    if (Date.now() - this.#lastPrune < PRUNE_INTERVAL_MS) return;
    // Not awaited: no request waits for the cleaning. A failure (the database going away
    // while the app stops) costs nothing but a later try.
    this.prune().catch(() => undefined);
  }
}

type Callback = (error: Error | null, result?: Hit) => void;

/** What @fastify/rate-limit hands a store's child(): the limit's options, with the route. */
interface LimitOptions {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** A @fastify/rate-limit `store` class over the database's counters. */
export function databaseRateLimitStore(counters: DatabaseCounters) {
  return class DatabaseRateLimitStore {
    readonly prefix: string;

    constructor(_options?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      counters.hit(this.prefix + key, timeWindow).then(
        (hit) => callback(null, hit),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    read(key: string, callback: Callback): void {
      counters.read(this.prefix + key).then(
        (hit) => callback(null, hit),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    /**
     * The store of one route's limit (its keys start with the route), or of a limit made with
     * createRateLimit (no route: its key generator names what it counts).
     */
    child(options: object): DatabaseRateLimitStore {
      // Typed by the plugin as the route's options; in fact the limit's, with `routeInfo`.
      const route = (options as LimitOptions).routeInfo;
      const prefix = route?.url ? `${[route.method ?? ''].flat().join(',')} ${route.url}|` : '';
      return new DatabaseRateLimitStore(options, prefix);
    }
  };
}
