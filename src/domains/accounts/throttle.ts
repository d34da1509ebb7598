// The per-address sign-in throttle. Wrong passwords are counted per email address in the
// database, so guesses from many client addresses and many instances add up. The first few
// failures cost nothing; then every attempt waits, twice as long each time, up to 15 minutes.
// A right password after the wait signs in and clears the count, and the count is forgotten
// 15 minutes after the last wait ended, so an attacker can slow a real person down but not
// lock them out for long. Every address tried is counted, with an account or not: a refusal
// says nothing about whether the address exists.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import type { DB } from '../../platform/db/types.js';
import * as store from './store.js';

/** Failed sign-ins in a row that cost no wait. */
export const FREE_FAILURES = 5;
/** The longest wait, in seconds. */
export const MAX_WAIT_SECONDS = 15 * 60;
/** How long after the last wait ended the count is forgotten. */
export const FORGET_AFTER_MS = 15 * 60 * 1000;

/** Seconds to wait before the next attempt after `failures` failed sign-ins in a row: 0 … 0, 1, 2, 4, … 900. */
export function waitAfter(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES), MAX_WAIT_SECONDS);
}

/** The key an address is counted under: no address is stored in clear. */
export function emailKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

const refuse = (until: Date, now: Date) =>
  new AppError('rate_limited', { seconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) });

/**
 * Lets a sign-in attempt go on to its password check, or refuses it with `rate_limited`
 * (details.seconds: how long to wait). An address in back-off gets one attempt per wait,
 * across instances: the attempt takes it before its password is checked.
 */
export async function admitSignIn(db: Kysely<DB>, key: string, now = new Date()): Promise<void> {
  const row = await store.findThrottle(db, key);
  if (!row || row.blocked_until.getTime() < now.getTime() - FORGET_AFTER_MS) return;
  if (row.blocked_until > now) throw refuse(row.blocked_until, now);
  if (row.failures < FREE_FAILURES) return;
  // The wait is over: this attempt takes the next slot, as long as a failure would set it.
  const next = new Date(now.getTime() + waitAfter(row.failures + 1) * 1000);
  if (!(await store.claimThrottledAttempt(db, key, row.blocked_until, next))) {
    const current = await store.findThrottle(db, key);
    throw refuse(current && current.blocked_until > now ? current.blocked_until : new Date(now.getTime() + 1000), now);
  }
}

/** Counts a wrong password for the address and sets its wait. */
export async function recordFailedSignIn(db: Kysely<DB>, key: string, now = new Date()): Promise<void> {
  const forgetBefore = new Date(now.getTime() - FORGET_AFTER_MS);
  const failures = await store.countFailedSignIn(db, key, now, forgetBefore);
  const wait = waitAfter(failures);
  if (wait > 0) await store.blockSignInUntil(db, key, new Date(now.getTime() + wait * 1000));
  await store.deleteStaleThrottles(db, forgetBefore);
}

/** A right password: the address starts again with a clean count. */
export async function clearFailedSignIns(db: Kysely<DB>, key: string): Promise<void> {
  await store.clearThrottle(db, key);
}
