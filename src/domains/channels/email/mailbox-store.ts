// SQL for the mailbox admin: a library's mailbox rows, always scoped by library. Secrets arrive
// here already encrypted; this file never sees a password.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../../platform/db/types.js';

export type MailboxRow = Selectable<DB['mailboxes']>;
export type MailboxInsert = Omit<Insertable<DB['mailboxes']>, 'library_id'>;
export type MailboxChange = Omit<Updateable<DB['mailboxes']>, 'id' | 'library_id' | 'version' | 'updated_at'>;

export function listMailboxes(db: Kysely<DB>, libraryId: string): Promise<MailboxRow[]> {
  return db
    .selectFrom('mailboxes')
    .selectAll()
    .where('library_id', '=', libraryId)
    .orderBy(sql`lower(address)`)
    .orderBy('id')
    .execute();
}

export function findMailbox(db: Kysely<DB>, libraryId: string, id: string): Promise<MailboxRow | undefined> {
  return db.selectFrom('mailboxes').selectAll().where('library_id', '=', libraryId).where('id', '=', id).executeTakeFirst();
}

/** The row locked until the transaction ends, so two saves cannot both pass the version check. */
export function lockMailbox(db: Kysely<DB>, libraryId: string, id: string): Promise<MailboxRow | undefined> {
  return db.selectFrom('mailboxes').selectAll().where('library_id', '=', libraryId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Another mailbox of the library with this address (case-insensitively), if any. */
export async function addressTaken(db: Kysely<DB>, libraryId: string, address: string, exceptId?: string): Promise<boolean> {
  let query = db
    .selectFrom('mailboxes')
    .select('id')
    .where('library_id', '=', libraryId)
    .where(sql<string>`lower(address)`, '=', address.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertMailbox(db: Kysely<DB>, libraryId: string, values: MailboxInsert): Promise<MailboxRow> {
  return db
    .insertInto('mailboxes')
    .values({ ...values, library_id: libraryId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateMailbox(db: Kysely<DB>, libraryId: string, id: string, change: MailboxChange): Promise<MailboxRow | undefined> {
  return db
    .updateTable('mailboxes')
    .set({ ...change, version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteMailbox(db: Kysely<DB>, libraryId: string, id: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('mailboxes')
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return deleted !== undefined;
}
