// SQL for staff accounts. Every query is scoped by library.
import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, DB, SignInThrottleTable } from '../../platform/db/types.js';
import type { Role } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';

export type AccountRow = Selectable<AccountsTable>;

export function findAccountsByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('accounts')
    .innerJoin('libraries', 'libraries.id', 'accounts.library_id')
    .selectAll('accounts')
    .select(['libraries.slug as library_slug', 'libraries.name as library_name'])
    .where((eb) => eb(eb.fn('lower', ['accounts.email']), '=', email.toLowerCase()))
    .orderBy('libraries.slug')
    .limit(20)
    .execute();
}

export function findAccount(db: Kysely<DB>, libraryId: string, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('library_id', '=', libraryId).where('id', '=', id).executeTakeFirst();
}

export function listAccounts(db: Kysely<DB>, libraryId: string): Promise<AccountRow[]> {
  return db.selectFrom('accounts').selectAll().where('library_id', '=', libraryId).orderBy('display_name').execute();
}

export async function emailInUse(db: Kysely<DB>, libraryId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('library_id', '=', libraryId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined;
}

/** The unique index on (library_id, lower(email)), see migration 0001. */
const EMAIL_INDEX = 'accounts_library_email';

/** Whether an insert or update failed because the library already has this email. */
export function isEmailTaken(error: unknown): boolean {
  return isUniqueViolation(error, EMAIL_INDEX);
}

export interface NewAccount {
  libraryId: string;
  email: string;
  displayName: string;
  role: Role;
  language: Language;
  passwordHash: string;
}

export function insertAccount(db: Kysely<DB>, account: NewAccount): Promise<AccountRow> {
  return db
    .insertInto('accounts')
    .values({
      library_id: account.libraryId,
      email: account.email,
      display_name: account.displayName,
      role: account.role,
      language: account.language,
      password_hash: account.passwordHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface AccountChanges {
  displayName?: string;
  role?: Role;
  active?: boolean;
  language?: Language;
  passwordHash?: string;
}

export function updateAccount(db: Kysely<DB>, libraryId: string, id: string, changes: AccountChanges): Promise<AccountRow | undefined> {
  return db
    .updateTable('accounts')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(changes.language !== undefined ? { language: changes.language } : {}),
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      updated_at: new Date(),
    })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Locks the library's active admins until the transaction ends and says how many there are.
 * A change that may take an admin away holds these locks while it checks that one remains:
 * two admins demoting each other at once then take turns, and the second counts what the
 * first left (PostgreSQL re-checks a locked row's role and active flag after the wait). The
 * id order makes concurrent callers queue rather than deadlock.
 */
export async function lockActiveAdmins(db: Kysely<DB>, libraryId: string): Promise<number> {
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where('library_id', '=', libraryId)
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.length;
}

export type ThrottleRow = Selectable<SignInThrottleTable>;

/** The failed sign-ins of an email address (by its hash), if any are remembered. */
export function findThrottle(db: Kysely<DB>, emailHash: string): Promise<ThrottleRow | undefined> {
  return db.selectFrom('sign_in_throttle').selectAll().where('email_hash', '=', emailHash).executeTakeFirst();
}

/**
 * Takes the one attempt a waiting address is allowed once its wait is over: moves
 * `blocked_until` from what the caller read to `next`. False when another attempt (on any
 * instance) took it first.
 */
export async function claimThrottledAttempt(db: Kysely<DB>, emailHash: string, seen: Date, next: Date): Promise<boolean> {
  const row = await db
    .updateTable('sign_in_throttle')
    .set({ blocked_until: next })
    .where('email_hash', '=', emailHash)
    .where('blocked_until', '=', seen)
    .returning('email_hash')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts one more failed sign-in of the address (the first after `forgetBefore` starts the
 * count again) and returns the count.
 */
export async function countFailedSignIn(db: Kysely<DB>, emailHash: string, now: Date, forgetBefore: Date): Promise<number> {
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ email_hash: emailHash, failures: 1, last_failed_at: now, blocked_until: now })
    .onConflict((oc) =>
      oc.column('email_hash').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('sign_in_throttle.blocked_until', '<', forgetBefore)
          .then(1)
          .else(eb('sign_in_throttle.failures', '+', 1))
          .end(),
        last_failed_at: now,
        // A forgotten count's old wait must not outlive it (nor make the row look stale).
        blocked_until: eb.fn('greatest', ['sign_in_throttle.blocked_until', eb.val(now)]),
      })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** Makes the address wait until `until` (never shortening a wait another attempt set). */
export async function blockSignInUntil(db: Kysely<DB>, emailHash: string, until: Date): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set((eb) => ({ blocked_until: eb.fn('greatest', ['blocked_until', eb.val(until)]) }))
    .where('email_hash', '=', emailHash)
    .execute();
}

/** Forgets the address's failed sign-ins (after a right password). */
export async function clearThrottle(db: Kysely<DB>, emailHash: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('email_hash', '=', emailHash).execute();
}

/** Deletes the rows of addresses whose failures are forgotten anyway. */
export async function deleteStaleThrottles(db: Kysely<DB>, forgetBefore: Date): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('blocked_until', '<', forgetBefore).execute();
}
