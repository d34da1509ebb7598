// Rules for staff accounts: sign-in, password change, and administration by a library admin.
import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { burnVerifyTime, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession, deleteAccountSessions, type StaffContext } from '../../platform/auth/sessions.js';
import type { DB } from '../../platform/db/types.js';
import type { AccountView } from '../../contract/accounts.js';
import type { Role } from '../../contract/kinds.js';
import { presentAccount } from './presenter.js';
import type { Language } from '../../contract/languages.js';
import type { EventBus } from '../../platform/events.js';
import { writeAudit } from '../audit/service.js';
import { findLibraryBrief } from '../libraries/service.js';
import { passwordProblem } from '../../platform/auth/password-strength.js';
import { validationError } from '../../platform/http/errors.js';
import { admitSignIn, clearFailedSignIns, emailKey, recordFailedSignIn } from './throttle.js';
import * as store from './store.js';

export interface SignInResult {
  token: string;
  account: store.AccountRow;
}

/**
 * Signs in with email and password. The work done for a wrong password is the same whatever
 * the email: one throttle check, exactly one password verification (against the account's
 * hash, or a dummy when there is no account) and one failure count. When the email has
 * accounts in several libraries and no `library` is given, the password is checked against
 * the first of them (by slug); only once it is right are the others checked, to offer the
 * libraries it opens (choose_library). An account whose password differs from that first
 * one's is signed in to by naming its library.
 */
export async function signIn(
  db: Kysely<DB>,
  input: { email: string; password: string; library?: string | undefined },
): Promise<SignInResult> {
  const key = emailKey(input.email);
  await admitSignIn(db, key);
  const candidates = (await store.findAccountsByEmail(db, input.email)).filter((a) => a.active);
  const scoped = input.library ? candidates.filter((a) => a.library_slug === input.library) : candidates;
  const [first, ...others] = scoped;
  const right = first ? await verifyPassword(first.password_hash, input.password) : await burnVerifyTime(input.password);
  if (!first || !right) {
    await recordFailedSignIn(db, key);
    if (first) {
      await writeAudit(db, {
        libraryId: first.library_id,
        actorId: first.id,
        action: 'auth.sign_in_failed',
        targetType: 'account',
        targetId: first.id,
      });
    }
    throw new AppError('invalid_credentials');
  }
  await clearFailedSignIns(db, key);
  // The caller knows the password now: the other libraries it opens may be checked and named.
  const matching = [first];
  for (const account of others) {
    if (await verifyPassword(account.password_hash, input.password)) matching.push(account);
  }
  if (matching.length > 1) {
    throw new AppError('choose_library', {
      libraries: matching.map((a) => ({ slug: a.library_slug, name: a.library_name })),
    });
  }
  const account = first;
  const token = await createSession(db, account.id, account.library_id);
  await writeAudit(db, {
    libraryId: account.library_id,
    actorId: account.id,
    action: 'auth.sign_in',
    targetType: 'account',
    targetId: account.id,
  });
  return { token, account };
}

/**
 * Refuses a password that is too easy to guess (validation_failed naming the reason, at
 * `path`). `userInputs`: the account's email and name and the library's slug and names.
 */
async function requireStrongPassword(path: string, password: string, userInputs: (string | undefined)[]): Promise<void> {
  const problem = await passwordProblem(password, userInputs);
  if (problem) throw validationError(path, problem);
}

/** What a password of an account of this library must not be built from. */
async function libraryWordsOf(db: Kysely<DB>, libraryId: string): Promise<string[]> {
  const library = await findLibraryBrief(db, libraryId);
  return library ? [library.slug, library.name.fi, library.name.sv, library.name.en] : [];
}

export async function changePassword(
  db: Kysely<DB>,
  staff: StaffContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const account = await store.findAccount(db, staff.libraryId, staff.accountId);
  if (!account) throw new AppError('unauthenticated');
  await requireStrongPassword('body.newPassword', input.newPassword, [
    account.email,
    account.display_name,
    ...(await libraryWordsOf(db, staff.libraryId)),
  ]);
  if (!(await verifyPassword(account.password_hash, input.currentPassword))) throw new AppError('wrong_password');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await store.updateAccount(trx, staff.libraryId, staff.accountId, { passwordHash });
    await deleteAccountSessions(trx, staff.accountId, staff.sessionHash);
    await writeAudit(trx, {
      libraryId: staff.libraryId,
      actorId: staff.accountId,
      action: 'auth.password_changed',
      targetType: 'account',
      targetId: staff.accountId,
    });
  });
}

export async function createAccount(
  db: Kysely<DB>,
  staff: StaffContext,
  input: { email: string; displayName: string; role: Role; password: string; language: Language },
): Promise<store.AccountRow> {
  await requireStrongPassword('body.password', input.password, [
    input.email,
    input.displayName,
    ...(await libraryWordsOf(db, staff.libraryId)),
  ]);
  // The check spares hashing for a plain duplicate; the unique index decides a race.
  if (await store.emailInUse(db, staff.libraryId, input.email)) throw new AppError('email_taken');
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await store.insertAccount(trx, { ...input, libraryId: staff.libraryId, passwordHash });
      await writeAudit(trx, {
        libraryId: staff.libraryId,
        actorId: staff.accountId,
        action: 'account.created',
        targetType: 'account',
        targetId: row.id,
        details: { role: row.role },
      });
      return row;
    });
  } catch (error) {
    // Two admins adding the same email at once both pass the check: the later insert loses.
    if (store.isEmailTaken(error)) throw new AppError('email_taken');
    throw error;
  }
}

export async function updateAccount(
  db: Kysely<DB>,
  staff: StaffContext,
  id: string,
  changes: { displayName?: string | undefined; role?: Role | undefined; active?: boolean | undefined; language?: Language | undefined },
  bus: EventBus,
): Promise<store.AccountRow> {
  const { before, after } = await db.transaction().execute(async (trx) => {
    // Locked before the account is read, so that `before` is what a concurrent change left.
    const mayRemoveAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.active === false;
    const activeAdmins = mayRemoveAdmin ? await store.lockActiveAdmins(trx, staff.libraryId) : undefined;
    const before = await store.findAccount(trx, staff.libraryId, id);
    if (!before) throw new AppError('not_found', { what: 'account' });
    const losesAdmin = mayRemoveAdmin && before.role === 'admin' && before.active;
    if (losesAdmin && (activeAdmins ?? 0) <= 1) {
      throw new AppError('conflict', { reason: 'last_admin' });
    }
    const after = await store.updateAccount(trx, staff.libraryId, id, {
      ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(changes.language !== undefined ? { language: changes.language } : {}),
    });
    if (!after) throw new AppError('not_found', { what: 'account' });
    const audit = { libraryId: staff.libraryId, actorId: staff.accountId, targetType: 'account', targetId: id };
    if (before.role !== after.role) {
      await writeAudit(trx, { ...audit, action: 'account.role_changed', details: { from: before.role, to: after.role } });
    }
    if (before.active !== after.active) {
      await writeAudit(trx, { ...audit, action: after.active ? 'account.reactivated' : 'account.deactivated' });
      if (!after.active) await deleteAccountSessions(trx, id);
    }
    if (before.display_name !== after.display_name || before.language !== after.language) {
      await writeAudit(trx, { ...audit, action: 'account.updated' });
    }
    return { before, after };
  });
  if (before.role !== after.role || (before.active && !after.active)) {
    // After commit: the account's open sockets re-check (a deactivated one's close).
    bus.publish({ type: 'account.access_changed', libraryId: staff.libraryId, accountId: after.id });
  }
  return after;
}

/** The library's staff accounts, as admins and supervisors list them. */
export async function listStaff(db: Kysely<DB>, libraryId: string): Promise<AccountView[]> {
  return (await store.listAccounts(db, libraryId)).map(presentAccount);
}

/** An account of the library as other domains need it (assignment, authorship); undefined if none. */
export async function findStaffMember(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
): Promise<{ id: string; displayName: string; active: boolean } | undefined> {
  const row = await store.findAccount(db, libraryId, id);
  return row && { id: row.id, displayName: row.display_name, active: row.active };
}

/**
 * A new library's first admin, inside the transaction that creates the library (so no
 * library exists that nobody can sign in to). The caller hashes the password first, outside
 * the transaction, and audits both records.
 */
export function insertFirstAdmin(
  trx: Kysely<DB>,
  input: { libraryId: string; email: string; displayName: string; language: Language; passwordHash: string },
): Promise<store.AccountRow> {
  return store.insertAccount(trx, { ...input, role: 'admin' });
}

/** The account as the API shows it (GET /auth/me); undefined when there is none. */
export async function findAccountView(db: Kysely<DB>, libraryId: string, accountId: string): Promise<AccountView | undefined> {
  const row = await store.findAccount(db, libraryId, accountId);
  return row && presentAccount(row);
}
