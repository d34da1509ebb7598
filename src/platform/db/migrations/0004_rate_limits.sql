-- Rate-limit counters, shared by every app instance on one PostgreSQL database, so that
-- running more instances does not multiply the limits (platform/http/rate-limit-store.ts).
-- One row per key: a route's limit per client address ("GET /api/v1/…|192.0.2.1"), or a
-- budget a route spends itself ("chat-start-address|192.0.2.1", "chat-start-library|<id>").
-- A window starts at the first hit and lasts the limit's time window; a hit after it starts
-- a new one. Rows whose window has passed are deleted now and then; a row lives at most a
-- window and a few minutes, so client addresses are not kept.
--
-- UNLOGGED: counters are worth nothing after a crash (PostgreSQL empties the table then),
-- and skipping the write-ahead log makes the one write per limited request cheaper. No index
-- besides the key: the pruning scan reads a table of one row per active client, while an
-- index on expires_at would turn every counting update into a non-HOT one.
CREATE UNLOGGED TABLE rate_limits (
  key text PRIMARY KEY,
  count integer NOT NULL CHECK (count > 0),
  window_start timestamptz(3) NOT NULL,
  expires_at timestamptz(3) NOT NULL
);
