// SQL of the email channel's ingest: the mail side of messages (mail_messages), the files
// that came with them, and the lookups threading needs. Every query is scoped by library.
import { sql, type Kysely } from 'kysely';
import type { DB, MailOutcome } from '../../../platform/db/types.js';

export interface StoredMail {
  id: string;
  conversation_id: string | null;
  message_id: string | null;
  outcome: MailOutcome;
  reason: string | null;
}

export function findMailByHeader(db: Kysely<DB>, libraryId: string, headerMessageId: string): Promise<StoredMail | undefined> {
  return db
    .selectFrom('mail_messages')
    .select(['id', 'conversation_id', 'message_id', 'outcome', 'reason'])
    .where('library_id', '=', libraryId)
    .where('header_message_id', '=', headerMessageId)
    .executeTakeFirst();
}

export interface NewMail {
  libraryId: string;
  mailboxId: string | null;
  conversationId: string | null;
  messageId: string | null;
  /** Incoming unless said otherwise; a sent reply is `out` with outcome `sent`. */
  direction?: 'in' | 'out';
  outcome: 'created' | 'appended' | 'auto_reply' | 'bounce' | 'rejected' | 'sent';
  headerMessageId: string;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string | null;
  subject: string | null;
  sentAt: Date | null;
  html: string | null;
  rawSize: number;
  bounceDeliveryId: string | null;
  reason: string | null;
}

/** `ignoreDuplicate`: a row with the same Message-ID is left as it is (a resent reply). */
export async function insertMail(db: Kysely<DB>, mail: NewMail, options: { ignoreDuplicate?: boolean } = {}): Promise<void> {
  const insert = db.insertInto('mail_messages').values({
    library_id: mail.libraryId,
    mailbox_id: mail.mailboxId,
    conversation_id: mail.conversationId,
    message_id: mail.messageId,
    direction: mail.direction ?? 'in',
    outcome: mail.outcome,
    header_message_id: mail.headerMessageId,
    in_reply_to: mail.inReplyTo,
    references: mail.references,
    from_address: mail.fromAddress,
    subject: mail.subject,
    sent_at: mail.sentAt,
    html: mail.html,
    raw_size: mail.rawSize,
    bounce_delivery_id: mail.bounceDeliveryId,
    reason: mail.reason,
  });
  await (
    options.ignoreDuplicate ? insert.onConflict((oc) => oc.columns(['library_id', 'header_message_id']).doNothing()) : insert
  ).execute();
}

export interface NewAttachment {
  filename: string;
  contentType: string;
  size: number;
  contentId: string | null;
  inline: boolean;
  content: Buffer;
}

export async function insertAttachments(
  db: Kysely<DB>,
  scope: { libraryId: string; conversationId: string; messageId: string },
  files: NewAttachment[],
): Promise<{ id: string; filename: string; content_type: string; size: number; inline: boolean }[]> {
  if (files.length === 0) return [];
  return db
    .insertInto('message_attachments')
    .values(
      files.map((file, index) => ({
        // One statement shares one now(): a millisecond apart, they list in the mail's order.
        created_at: sql<Date>`now() + make_interval(secs => ${index / 1000})`,
        library_id: scope.libraryId,
        conversation_id: scope.conversationId,
        message_id: scope.messageId,
        filename: file.filename,
        content_type: file.contentType,
        size: file.size,
        content_id: file.contentId,
        inline: file.inline,
        content: file.content,
      })),
    )
    .returning(['id', 'filename', 'content_type', 'size', 'inline'])
    .execute();
}

/** The conversation of the newest mail of the library (in or out) with one of these Message-IDs. */
export async function conversationByHeaders(db: Kysely<DB>, libraryId: string, headerIds: string[]): Promise<string | undefined> {
  if (headerIds.length === 0) return undefined;
  const row = await db
    .selectFrom('mail_messages')
    .select('conversation_id')
    .where('library_id', '=', libraryId)
    .where('header_message_id', 'in', headerIds)
    .where('conversation_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.conversation_id ?? undefined;
}

/** The conversation a delivery (a staff reply) of this library belongs to, and its message. */
export function deliveryOf(db: Kysely<DB>, libraryId: string, deliveryId: string) {
  return db
    .selectFrom('deliveries')
    .select(['id', 'conversation_id', 'message_id'])
    .where('library_id', '=', libraryId)
    .where('id', '=', deliveryId)
    .executeTakeFirst();
}

export interface ThreadTarget {
  id: string;
  customer_id: string;
  customer_email: string | null;
  merged_into_id: string | null;
}

function threadTargets(db: Kysely<DB>, libraryId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .select(['c.id', 'c.customer_id', 'cu.email as customer_email', 'c.merged_into_id'])
    .where('c.library_id', '=', libraryId);
}

export function threadTarget(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<ThreadTarget | undefined> {
  return threadTargets(db, libraryId).where('c.id', '=', conversationId).executeTakeFirst();
}

/** Conversations whose id starts with the 10 hex digits of a subject reference (`[#3F2A9C1B7E]`). */
export function threadTargetsByReference(db: Kysely<DB>, libraryId: string, hexPrefix: string): Promise<ThreadTarget[]> {
  const pattern = `${hexPrefix.slice(0, 8)}-${hexPrefix.slice(8)}%`;
  return threadTargets(db, libraryId)
    .where(sql<boolean>`c.id::text LIKE ${pattern}`)
    .limit(5)
    .execute();
}

/** The library's mailboxes (active or not) by address, lower case. */
export interface MailboxAddress {
  id: string;
  /** Lower case. */
  address: string;
  receiptEnabled: boolean;
}

/**
 * The mail already stored under this Message-ID, if any, and the library's mailboxes: the two
 * things every incoming mail needs first, read in one statement, which also takes the
 * transaction's advisory lock on `lockKey` when one is given.
 */
export async function mailAndMailboxes(
  db: Kysely<DB>,
  libraryId: string,
  headerMessageId: string,
  lockKey: string | null,
): Promise<{ existing: StoredMail | undefined; mailboxes: MailboxAddress[] }> {
  const { rows } = await sql<{ existing: StoredMail | null; mailboxes: MailboxAddress[] }>`
    SELECT
      ${lockKey === null ? sql`NULL` : sql`pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`} AS locked,
      (SELECT json_build_object('id', id, 'conversation_id', conversation_id, 'message_id', message_id, 'outcome', outcome, 'reason', reason)
         FROM mail_messages WHERE library_id = ${libraryId} AND header_message_id = ${headerMessageId}) AS existing,
      COALESCE((SELECT json_agg(json_build_object('id', id, 'address', lower(address), 'receiptEnabled', receipt_enabled) ORDER BY created_at)
         FROM mailboxes WHERE library_id = ${libraryId}), '[]'::json) AS mailboxes`.execute(db);
  const row = rows[0]!;
  return { existing: row.existing ?? undefined, mailboxes: row.mailboxes };
}

/** Active mailboxes of any library with this address (the SMTP listener's RCPT TO), lower case. */
export function mailboxesByAddress(db: Kysely<DB>, address: string): Promise<{ id: string; library_id: string }[]> {
  return db
    .selectFrom('mailboxes')
    .select(['id', 'library_id'])
    .where(sql<string>`lower(address)`, '=', address.toLowerCase())
    .where('active', '=', true)
    .execute();
}
