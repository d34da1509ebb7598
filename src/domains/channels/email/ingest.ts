// The one pipeline every incoming mail goes through, whichever way it came (push ingress,
// IMAP, the SMTP listener): size → parse → loop → dedupe → auto-reply / bounce → threading →
// customer → conversation → message, mail row and attachments, all in ONE transaction, and
// the events only after it committed. The caller is answered only after the commit, so a
// crash before it loses nothing (the sender retries) and a retry after it finds a duplicate.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Language } from '../../../contract/languages.js';
import type { AttachmentView } from '../../../contract/attachments.js';
import type { DB } from '../../../platform/db/types.js';
import { EventBus, type DomainEvent } from '../../../platform/events.js';
import { isUniqueViolation } from '../../../platform/db/unique-violation.js';
import type { SecretBox } from '../../../platform/secrets.js';
import { openConversation, postMessage, type ConversationDeps } from '../../conversations/service.js';
import { customerForEmail } from '../../customers/service.js';
import { markBounced } from '../deliveries/outbound.js';
import type { IngestInput, IngestResult, MailIngest } from './ingest-outcome.js';
import { parseMail, type ParsedAttachment, type ParsedMail } from './parse.js';
import {
  deliveryOf,
  findMailByHeader,
  insertAttachments,
  insertMail,
  mailAndMailboxes,
  type MailboxAddress,
  type NewAttachment,
  type NewMail,
  type StoredMail,
} from './store.js';
import { answeredIds, findThread } from './threading.js';
import { queueReceipt } from './sending-store.js';
import { deliveryIdFromMessageId } from './thread-tokens.js';
import './events.js';

/** One attached file larger than this is left out (the mail itself is kept, with a note). */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
/** All files of one mail together; the ones past it are left out the same way. */
export const MAX_ATTACHMENTS_TOTAL_BYTES = 25 * 1024 * 1024;
/** How much of an oversize mail is looked at for its Message-ID. */
const HEAD_BYTES = 64 * 1024;
const DEFAULT_LANGUAGE: Language = 'fi';

export interface MailIngestDeps {
  db: Kysely<DB>;
  bus: EventBus;
  secrets: SecretBox;
  /** config.mailMaxBytes: a bigger mail is rejected `too_large`. */
  maxBytes: number;
  log?: { warn(details: Record<string, unknown>, message: string): void };
  /** Attachment limits (defaults: MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_TOTAL_BYTES). */
  attachmentLimits?: { file: number; total: number };
}

/** The pipeline as the push ingress, the IMAP poller and the SMTP listener are given it. */
export function createMailIngest(deps: MailIngestDeps): MailIngest {
  return async (input) => {
    if (input.raw.length > deps.maxBytes) {
      return recordTooLarge(deps, {
        libraryId: input.libraryId,
        mailboxId: input.mailboxId ?? null,
        head: input.raw.subarray(0, HEAD_BYTES),
        size: input.raw.length,
        digest: createHash('sha256').update(input.raw).digest('hex'),
      });
    }
    const mail = withStorableId(await parseMail(input.raw));
    try {
      return await ingestParsed(deps, input, mail);
    } catch (error) {
      // The same mail raced in twice (two MTA deliveries at once): the second finds the first.
      if (isUniqueViolation(error, 'mail_messages_library_header')) return ingestParsed(deps, input, mail);
      throw error;
    }
  };
}

/**
 * A mail over the size limit, read only as far as its head (the push ingress stops keeping
 * the body past the limit): kept as a `rejected` row so a retry is recognised, answered
 * `rejected` `too_large`.
 */
export async function recordTooLarge(
  deps: Pick<MailIngestDeps, 'db'>,
  mail: { libraryId: string; mailboxId: string | null; head: Buffer; size: number; digest: string },
): Promise<IngestResult> {
  const headerMessageId = messageIdFromHead(mail.head) ?? `sha256:${mail.digest}`;
  const existing = await findMailByHeader(deps.db, mail.libraryId, headerMessageId);
  if (existing) return answerExisting(existing);
  try {
    await insertMail(deps.db, {
      ...emptyMail(mail.libraryId, mail.mailboxId, headerMessageId),
      outcome: 'rejected',
      reason: 'too_large',
      rawSize: Math.min(mail.size, 2 ** 31 - 1),
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'mail_messages_library_header')) throw error;
  }
  return { outcome: 'rejected', conversationId: null, messageId: null, reason: 'too_large' };
}

async function ingestParsed(deps: MailIngestDeps, input: IngestInput, mail: ParsedMail): Promise<IngestResult> {
  const staged: DomainEvent[] = [];
  const stagingBus = new EventBus();
  stagingBus.subscribe((event) => staged.push(event));
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // Two copies of one mail at once both get past this check; the unique Message-ID stops
    // the second at its insert, and createMailIngest runs it again to find the first's row.
    // Mails from one address are taken one at a time (the lock, until commit): two first
    // mails from a new address at once must make one customer, not two.
    const senderLock = mail.from ? `customer:${input.libraryId}:${mail.from.address}` : null;
    const { existing, mailboxes } = await mailAndMailboxes(trx, input.libraryId, mail.messageId, senderLock);
    if (existing) return { result: answerExisting(existing), attachments: [] };
    const inTransaction: ConversationDeps = { db: trx, bus: stagingBus };
    return storeMail(deps, inTransaction, trx, input, mail, mailboxes);
  });
  for (const event of staged) deps.bus.publish(withAttachments(event, outcome.result.messageId, outcome.attachments));
  if (outcome.result.outcome === 'created' && outcome.result.conversationId) {
    deps.bus.publish({
      type: 'mail.received',
      libraryId: input.libraryId,
      conversationId: outcome.result.conversationId,
      mailboxId: outcome.mailboxId ?? null,
      outcome: 'created',
    });
  }
  return outcome.result;
}

interface Stored {
  result: IngestResult;
  attachments: AttachmentView[];
  mailboxId?: string | null;
}

async function storeMail(
  deps: MailIngestDeps,
  conversations: ConversationDeps,
  trx: Kysely<DB>,
  input: IngestInput,
  mail: ParsedMail,
  mailboxes: MailboxAddress[],
): Promise<Stored> {
  const { libraryId } = input;
  const mailboxId = input.mailboxId ?? mailboxFor(mailboxes, mail);
  const row: NewMail = {
    ...emptyMail(libraryId, mailboxId, mail.messageId),
    inReplyTo: mail.inReplyTo ? withoutNul(mail.inReplyTo).slice(0, MAX_HEADER_ID_LENGTH) : null,
    references: mail.references.slice(-100).map((id) => withoutNul(id).slice(0, MAX_HEADER_ID_LENGTH)),
    fromAddress: mail.from?.address ? withoutNul(mail.from.address) : null,
    subject: mail.subject ? withoutNul(mail.subject) : null,
    sentAt: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    rawSize: input.raw.length,
  };
  const settle = async (result: IngestResult, extra: Partial<NewMail> = {}): Promise<Stored> => {
    await insertMail(trx, { ...row, outcome: storedOutcome(result), reason: result.reason ?? null, ...extra });
    return { result, attachments: [], mailboxId };
  };
  const fromOurMailbox = mail.from !== null && mailboxes.some((m) => m.address === mail.from!.address);
  if (mail.loop || fromOurMailbox) return settle(rejected('mail_loop'));
  if (mail.classification.kind === 'bounce') return settleBounce(deps, conversations, trx, { libraryId, mail, raw: input.raw }, settle);
  if (mail.classification.kind === 'auto_reply') {
    return settle({ outcome: 'auto_reply', conversationId: null, messageId: null, reason: mail.classification.reason ?? 'auto_reply' });
  }
  const thread = await findThread(trx, deps.secrets, libraryId, mail);
  if (!thread && !mail.from) return settle(rejected('no_sender'));
  const files = keptAttachments(mail.attachments, deps.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS, deps.log);
  const body = bodyOf(mail, files.dropped);
  if (!body) return settle(rejected('no_content'));
  let conversationId: string;
  let customerId: string;
  if (thread) {
    ({ conversationId, customerId } = thread);
  } else {
    const sender = mail.from!;
    // The sender's lock, taken with the first read of this transaction, makes this one customer.
    const name = sender.name ? withoutNul(sender.name).slice(0, 200) : null;
    const customer = await customerForEmail(trx, {
      libraryId,
      email: sender.address,
      name,
      language: mail.contentLanguage ?? DEFAULT_LANGUAGE,
    });
    customerId = customer.id;
    // The mail's own language first, else the one the customer was known by.
    const language = mail.contentLanguage ?? customer.language;
    conversationId = await openConversation(conversations, {
      libraryId,
      customerId,
      channel: 'email',
      language,
      subject: conversationSubject(row.subject),
    });
  }
  const posted = await postMessage(conversations, { libraryId, conversationId, kind: 'customer', body, author: null, customerId });
  const messageId = posted.message.id;
  const saved = await insertAttachments(trx, { libraryId, conversationId, messageId }, files.kept);
  const result: IngestResult = { outcome: thread ? 'appended' : 'created', conversationId, messageId };
  await insertMail(trx, {
    ...row,
    outcome: result.outcome as NewMail['outcome'],
    conversationId,
    messageId,
    html: mail.html === null ? null : withoutNul(mail.html),
  });
  // A receipt answers the mail that opened the conversation, never a later one.
  if (!thread && mailboxes.some((m) => m.id === mailboxId && m.receiptEnabled)) await queueReceipt(trx, libraryId, conversationId);
  const attachments = saved.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, size: a.size, inline: a.inline }));
  return { result, attachments, mailboxId };
}

async function settleBounce(
  deps: MailIngestDeps,
  conversations: ConversationDeps,
  trx: Kysely<DB>,
  { libraryId, mail, raw }: { libraryId: string; mail: ParsedMail; raw: Buffer },
  settle: (result: IngestResult, extra?: Partial<NewMail>) => Promise<Stored>,
): Promise<Stored> {
  // The report's original Message-ID, else what it answers, else any Message-ID of ours it
  // quotes (reports come in many shapes; ours are signed, so quoting one is proof enough).
  const quoted = raw.toString('latin1').match(/kanava\.[a-z2-7]{26}\.[a-z2-7]{8}@[^>\s]+/gi) ?? [];
  const named = [...(mail.bounce?.originalMessageId ? [mail.bounce.originalMessageId] : []), ...answeredIds(mail), ...quoted];
  for (const id of new Set(named)) {
    const deliveryId = deliveryIdFromMessageId(deps.secrets, id);
    const delivery = deliveryId ? await deliveryOf(trx, libraryId, deliveryId) : undefined;
    if (!delivery) continue;
    await markBounced(trx, conversations.bus, libraryId, delivery.message_id);
    return settle(
      { outcome: 'bounce', conversationId: delivery.conversation_id, messageId: null, reason: 'mail_bounced' },
      { conversationId: delivery.conversation_id, bounceDeliveryId: delivery.id },
    );
  }
  return settle({ outcome: 'bounce', conversationId: null, messageId: null, reason: mail.classification.reason ?? 'bounce' });
}

/** Longer Message-IDs (junk) are kept by their hash: an index entry has a size limit. */
const MAX_HEADER_ID_LENGTH = 500;

function withStorableId(mail: ParsedMail): ParsedMail {
  const id = withoutNul(mail.messageId);
  if (id.length <= MAX_HEADER_ID_LENGTH && id === mail.messageId) return mail;
  const stored = id.length <= MAX_HEADER_ID_LENGTH ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
  return { ...mail, messageId: stored };
}

/** PostgreSQL text cannot hold U+0000, which junk mail can. */
function withoutNul(text: string): string {
  return text.replace(/\u0000/g, '');
}

function rejected(reason: string): IngestResult {
  return { outcome: 'rejected', conversationId: null, messageId: null, reason };
}

function storedOutcome(result: IngestResult): NewMail['outcome'] {
  return result.outcome === 'duplicate' ? 'rejected' : result.outcome;
}

/** A mail seen before: a rejected one stays rejected (the sender bounces it again), any other is a duplicate. */
function answerExisting(existing: StoredMail): IngestResult {
  if (existing.outcome === 'rejected') return rejected(existing.reason ?? 'rejected');
  return { outcome: 'duplicate', conversationId: existing.conversation_id, messageId: existing.message_id };
}

function emptyMail(libraryId: string, mailboxId: string | null, headerMessageId: string): NewMail {
  return {
    libraryId,
    mailboxId,
    conversationId: null,
    messageId: null,
    outcome: 'rejected',
    headerMessageId,
    inReplyTo: null,
    references: [],
    fromAddress: null,
    subject: null,
    sentAt: null,
    html: null,
    rawSize: 0,
    bounceDeliveryId: null,
    reason: null,
  };
}

/** The library's mailbox the mail was addressed to (plus tags ignored), if any. */
function mailboxFor(mailboxes: { id: string; address: string }[], mail: ParsedMail): string | null {
  const untagged = (address: string) => address.replace(/\+[^@]*@/, '@').toLowerCase();
  const recipients = new Set([...mail.deliveredTo, ...mail.to, ...mail.cc].map(untagged));
  return mailboxes.find((m) => recipients.has(untagged(m.address)))?.id ?? null;
}

/** The Message-ID in the header block of a (possibly cut) mail. */
export function messageIdFromHead(head: Buffer): string | null {
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:\s*<?([^<>\s]+)>?/im.exec(headers);
  return match ? match[1]! : null;
}

const REPLY_PREFIX = /^\s*(?:(?:re|vs|sv|aw|fw|fwd|vl|wg)(?:\[\d+\])?\s*:\s*)+/i;

/** The conversation's subject: the mail's, without Re:/VS:/SV:/AW:/Fwd: and our reference. */
export function conversationSubject(subject: string | null): string | null {
  if (!subject) return null;
  const cleaned = subject
    .replace(/\[#[0-9a-f]{10}\]/gi, '')
    .replace(REPLY_PREFIX, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned ? cleaned.slice(0, 500) : null;
}

const DEFAULT_ATTACHMENT_LIMITS = { file: MAX_ATTACHMENT_BYTES, total: MAX_ATTACHMENTS_TOTAL_BYTES };

function keptAttachments(
  files: ParsedAttachment[],
  limits: { file: number; total: number },
  log: MailIngestDeps['log'],
): { kept: NewAttachment[]; dropped: ParsedAttachment[] } {
  const kept: NewAttachment[] = [];
  const dropped: ParsedAttachment[] = [];
  let total = 0;
  for (const file of files) {
    const size = file.content.length;
    if (size > limits.file || total + size > limits.total) {
      dropped.push(file);
      continue;
    }
    total += size;
    kept.push({
      filename: file.filename.slice(0, 255) || 'attachment',
      contentType: file.contentType.slice(0, 255) || 'application/octet-stream',
      size,
      contentId: file.contentId,
      inline: file.inline,
      content: file.content,
    });
  }
  if (dropped.length > 0) log?.warn({ dropped: dropped.length }, 'attachments over the size limit were not stored');
  return { kept, dropped };
}

/** The message text staff read: the mail's text, else something that says what came. */
function bodyOf(mail: ParsedMail, dropped: ParsedAttachment[]): string {
  const notes = dropped.map((file) => `[📎 ${file.filename} (${Math.ceil(file.content.length / 1024)} KiB): too large, not stored]`);
  const text = withoutNul(mail.text).trim();
  if (text) return [text, ...notes].join('\n\n');
  const listed = mail.attachments.filter((f) => !f.inline).map((f) => `📎 ${f.filename}`);
  const fallback = [...listed, ...notes].join('\n') || (conversationSubject(mail.subject) ?? '');
  return fallback;
}

/** The HTML part made safe to show: no scripts, styles, forms or remote content. */
/** The staged event of the new message, with the files that were stored with it. */
function withAttachments(event: DomainEvent, messageId: string | null, attachments: AttachmentView[]): DomainEvent {
  if (event.type !== 'message.created' || !messageId || event.message.id !== messageId || attachments.length === 0) return event;
  return { ...event, message: { ...event.message, attachments } };
}
