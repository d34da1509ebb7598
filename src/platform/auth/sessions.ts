// Staff sessions: an opaque cookie token, a row keyed by its hash, sliding expiry.
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Role } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import { hashToken, newToken } from './tokens.js';

export const SESSION_COOKIE = 'kanava_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
// Touching last_seen_at on every request would write on every read; once a minute is enough.
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface StaffContext {
  accountId: string;
  libraryId: string;
  role: Role;
  displayName: string;
  language: Language;
  sessionHash: string;
}

export async function createSession(db: Kysely<DB>, accountId: string, libraryId: string): Promise<string> {
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({
      token_hash: hashToken(token),
      account_id: accountId,
      library_id: libraryId,
      expires_at: new Date(Date.now() + SESSION_TTL_MS),
    })
    .execute();
  return token;
}

export async function resolveSession(db: Kysely<DB>, token: string): Promise<StaffContext | null> {
  const tokenHash = hashToken(token);
  const session = await findSession(db, tokenHash);
  if (!session) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_TTL_MS) })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return session.staff;
}

/**
 * The session behind an open socket as it is now (null once signed out, expired or the
 * account deactivated), without extending it: only requests keep a session alive.
 */
export async function recheckSession(db: Kysely<DB>, tokenHash: string): Promise<StaffContext | null> {
  return (await findSession(db, tokenHash))?.staff ?? null;
}

async function findSession(db: Kysely<DB>, tokenHash: string): Promise<{ staff: StaffContext; lastSeenAt: Date } | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select([
      'sessions.account_id',
      'sessions.library_id',
      'sessions.expires_at',
      'sessions.last_seen_at',
      'accounts.role',
      'accounts.display_name',
      'accounts.language',
      'accounts.active',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .whereRef('accounts.library_id', '=', 'sessions.library_id')
    .executeTakeFirst();
  if (!row || !row.active || row.expires_at.getTime() <= Date.now()) return null;
  return {
    lastSeenAt: row.last_seen_at,
    staff: {
      accountId: row.account_id,
      libraryId: row.library_id,
      role: row.role,
      displayName: row.display_name,
      language: row.language,
      sessionHash: tokenHash,
    },
  };
}

export async function deleteSession(db: Kysely<DB>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Signs an account out everywhere, optionally keeping the session in use. */
export async function deleteAccountSessions(db: Kysely<DB>, accountId: string, keepHash?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
  if (keepHash) query = query.where('token_hash', '<>', keepHash);
  await query.execute();
}
