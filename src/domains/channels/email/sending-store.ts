// What the email sender reads and writes: the conversation's customer address, subject and
// language, the mail it answers (for the mailbox and the threading headers), the mailbox to
// send from, and the row of each sent mail. Every query is scoped by library.
import { sql, type Kysely } from 'kysely';
import { insertMail } from './store.js';
import type { DB } from '../../../platform/db/types.js';
import type { Language } from '../../../contract/languages.js';

export interface SendingContext {
  deliveryId: string;
  subject: string | null;
  language: Language;
  customerEmail: string | null;
}

/** The delivery and conversation a reply belongs to; undefined when either is gone. */
export function sendingContext(db: Kysely<DB>, libraryId: string, messageId: string): Promise<SendingContext | undefined> {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('conversations as c', 'c.id', 'd.conversation_id')
    .innerJoin('customers as u', 'u.id', 'c.customer_id')
    .select(['d.id as deliveryId', 'c.subject', 'c.language', 'u.email as customerEmail'])
    .where('d.library_id', '=', libraryId)
    .where('d.message_id', '=', messageId)
    .executeTakeFirst();
}

export interface AnsweredMail {
  mailboxId: string | null;
  headerMessageId: string;
  references: string[];
}

/**
 * The conversation's latest incoming mail (up to `messageId`'s mail when given): it names the
 * mailbox the customer wrote to and the Message-ID the answer refers to.
 */
export function latestIncomingMail(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<AnsweredMail | undefined> {
  return db
    .selectFrom('mail_messages')
    .select(['mailbox_id as mailboxId', 'header_message_id as headerMessageId', 'references'])
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'in')
    .where('outcome', 'in', ['created', 'appended'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The incoming mail stored as `messageId` (a receipt answers exactly that mail). */
export function incomingMailOf(db: Kysely<DB>, libraryId: string, messageId: string): Promise<AnsweredMail | undefined> {
  return db
    .selectFrom('mail_messages')
    .select(['mailbox_id as mailboxId', 'header_message_id as headerMessageId', 'references'])
    .where('library_id', '=', libraryId)
    .where('message_id', '=', messageId)
    .where('direction', '=', 'in')
    .limit(1)
    .executeTakeFirst();
}

/** The library's first active mailbox that can send (when the customer never wrote to one). */
export async function firstSendingMailbox(db: Kysely<DB>, libraryId: string): Promise<string | null> {
  const row = await db
    .selectFrom('mailboxes')
    .select('id')
    .where('library_id', '=', libraryId)
    .where('active', '=', true)
    .where('smtp_host', 'is not', null)
    .where('smtp_port', 'is not', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface SentMail {
  libraryId: string;
  mailboxId: string;
  conversationId: string;
  /** The staff reply it carries; null for an automatic receipt (it belongs to no message of ours). */
  messageId: string | null;
  headerMessageId: string;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string;
  subject: string;
  sentAt: Date;
}

/**
 * Records a mail the server accepted, so the customer's answer threads back to it. A resend
 * of the same delivery (after a crash before its outcome was recorded) has the same
 * Message-ID and leaves the first row as it is.
 */
export async function recordSentMail(db: Kysely<DB>, mail: SentMail): Promise<void> {
  await insertMail(
    db,
    { ...mail, direction: 'out', outcome: 'sent', html: null, rawSize: 0, bounceDeliveryId: null, reason: null },
    { ignoreDuplicate: true },
  );
}

/**
 * Queues the automatic receipt of a mail that opened a conversation: a delivery row on the
 * customer's message itself, so it is kept, retried and shown like a reply's, and the unique
 * message id makes a second receipt for the same mail impossible. False when the mail is
 * not found (or its receipt was queued before).
 */
export async function queueReceipt(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<boolean> {
  const result = await sql`
    INSERT INTO deliveries (library_id, conversation_id, message_id, channel)
    SELECT mm.library_id, mm.conversation_id, mm.message_id, 'email'
    FROM mail_messages mm
    WHERE mm.library_id = ${libraryId} AND mm.conversation_id = ${conversationId}
      AND mm.direction = 'in' AND mm.outcome = 'created' AND mm.message_id IS NOT NULL
    ORDER BY mm.created_at LIMIT 1
    ON CONFLICT (message_id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}
