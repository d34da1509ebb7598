-- Failed sign-ins per email address, so that password guessing slows down for the address
-- however many client addresses the guesses come from, on every instance. Every address that
-- is tried gets a row, whether or not it has an account (in any library): the throttle's
-- answers must not tell which addresses exist. So the row belongs to no library, and the
-- address is stored only as the SHA-256 of its lower-case form.
CREATE TABLE sign_in_throttle (
  email_hash text PRIMARY KEY CHECK (email_hash ~ '^[0-9a-f]{64}$'),
  -- Failed sign-ins in a row: counted since the last success, forgotten a while after the
  -- last wait ended (src/domains/accounts/throttle.ts has the schedule).
  failures integer NOT NULL CHECK (failures > 0),
  last_failed_at timestamptz(3) NOT NULL,
  -- No attempt (right or wrong password) is checked before this time; an attempt claims the
  -- next one by moving it forward before its password is verified.
  blocked_until timestamptz(3) NOT NULL
);
-- Stale rows are deleted by age.
CREATE INDEX sign_in_throttle_blocked_until ON sign_in_throttle (blocked_until);
