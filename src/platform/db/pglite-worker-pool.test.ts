// When the embedded database's worker dies, nothing waits forever: pending and later
// queries fail with `unavailable` (503), and the failure is reported once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.js';
import { PgliteWorkerPool } from './pglite-worker-pool.js';

const dyingWorker = new URL('../../../test/support/workers/dies-on-first-query.mjs', import.meta.url);

const isUnavailable = (error: unknown) => {
  assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
  assert.equal(error.code, 'unavailable');
  assert.equal(error.status, 503);
  return true;
};

test('a crashed worker fails the pending query, every later one, and reports the failure once', async () => {
  const pool = await PgliteWorkerPool.start(null, dyingWorker);
  const failures: Error[] = [];
  pool.onFailure((error) => failures.push(error));

  await assert.rejects(pool.query('SELECT 1'), isUnavailable);
  await assert.rejects(pool.query('SELECT 2'), isUnavailable);
  await assert.rejects(pool.connect(), isUnavailable);
  assert.equal(failures.length, 1);
  assert.match(failures[0]!.message, /exited with code 3/);
  // Closing what already died is not an error.
  await pool.end();
});

test('a worker that cannot start is reported, not waited for', async () => {
  const missing = new URL('../../../test/support/workers/no-such-worker.mjs', import.meta.url);
  await assert.rejects(PgliteWorkerPool.start(null, missing), /no-such-worker|Cannot find module/);
});

test('queries still waiting when the pool closes settle, and closing twice at once is safe', async () => {
  const pool = await PgliteWorkerPool.start(null);
  // A transaction holds PGlite's one session: the query and the connect behind it wait in the
  // worker's pool, which drops them when it ends.
  const client = await pool.connect();
  await client.query('BEGIN');
  const settled = Promise.allSettled([pool.query('SELECT 1'), pool.connect()]);
  const ending = [pool.end(), pool.end()];
  client.release();
  await Promise.all(ending);
  const outcomes = await Promise.race([settled, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref())]);
  assert.notEqual(outcomes, 'hung', 'a query in flight at close never settled');
  for (const outcome of outcomes as PromiseSettledResult<unknown>[]) {
    if (outcome.status === 'rejected') isUnavailable(outcome.reason);
  }
  await assert.rejects(pool.query('SELECT 2'), isUnavailable);
});
