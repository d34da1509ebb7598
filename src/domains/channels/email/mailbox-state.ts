// The IMAP poller's own rows: which mailboxes to poll, where it is in each folder (UIDVALIDITY
// and the highest UID handed to the ingest) and its health as staff see it (a stable error
// code, consecutive failures, when to try next, when it last succeeded). These writes never
// touch `version` or `updated_at`: those say when an admin changed the settings.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../../platform/db/types.js';

export type MailboxRow = Selectable<DB['mailboxes']>;

/** Every active mailbox with IMAP settings: due ones get polled, running ones are checked for changes. */
export async function listImapMailboxes(db: Kysely<DB>): Promise<MailboxRow[]> {
  return db
    .selectFrom('mailboxes')
    .selectAll()
    .where('active', '=', true)
    .where('imap_host', 'is not', null)
    .where('imap_port', 'is not', null)
    .orderBy('id')
    .execute();
}

export interface FolderPosition {
  uidValidity: number | null;
  lastUid: number;
}

export async function readFolderPosition(db: Kysely<DB>, mailboxId: string): Promise<FolderPosition | null> {
  const row = await db
    .selectFrom('mailboxes')
    .select(['imap_uid_validity', 'imap_last_uid'])
    .where('id', '=', mailboxId)
    .executeTakeFirst();
  return row ? { uidValidity: row.imap_uid_validity, lastUid: row.imap_last_uid } : null;
}

/** A new UIDVALIDITY: the old UIDs mean nothing any more, start the folder from the beginning. */
export async function restartFolder(db: Kysely<DB>, mailboxId: string, uidValidity: number): Promise<void> {
  await db.updateTable('mailboxes').set({ imap_uid_validity: uidValidity, imap_last_uid: 0 }).where('id', '=', mailboxId).execute();
}

/** The ingest has the message with this UID (and every one before it). */
export async function recordLastUid(db: Kysely<DB>, mailboxId: string, uid: number): Promise<void> {
  await db.updateTable('mailboxes').set({ imap_last_uid: uid }).where('id', '=', mailboxId).execute();
}

export async function recordPollSuccess(db: Kysely<DB>, mailboxId: string): Promise<void> {
  await db
    .updateTable('mailboxes')
    .set({ last_error: null, last_error_at: null, failures: 0, next_poll_at: null, last_success_at: sql`now()` })
    .where('id', '=', mailboxId)
    .execute();
}

/**
 * One more consecutive failure with its code, retried after `backoffMs[failures - 1]` (the
 * last entry once past the end) times `jitter`; one statement, so a reader never sees the new
 * failure with the old retry time. Returns the new count of failures.
 */
export async function recordPollFailure(
  db: Kysely<DB>,
  mailboxId: string,
  code: string,
  backoffMs: readonly number[],
  jitter: number,
): Promise<number> {
  const seconds = backoffMs.map((ms) => (ms * jitter) / 1000);
  const row = await db
    .updateTable('mailboxes')
    .set((eb) => ({
      failures: eb('failures', '+', 1),
      last_error: code,
      last_error_at: sql`now()`,
      next_poll_at: sql`now() + make_interval(secs => (${sql.val(seconds)}::float8[])[least(failures + 1, ${seconds.length})])`,
    }))
    .where('id', '=', mailboxId)
    .returning('failures')
    .executeTakeFirst();
  return row?.failures ?? 0;
}
