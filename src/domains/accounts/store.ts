// SQL for staff accounts. Every query is scoped by library.
import type { Kysely, Selectable } from 'kysely';
import type { AccountsTable, DB } from '../../platform/db/types.js';
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
