// Which conversation an incoming mail continues, in this order (issue 9):
//  1. our own marks: a recipient carrying our signed reply-address token, or In-Reply-To /
//     References naming one of our signed outgoing Message-IDs (its delivery's conversation);
//  2. In-Reply-To / References naming any mail of the library, in or out, with a conversation;
//  3. a `[#ref]` in the subject, but only when the sender is that conversation's customer
//     (the reference is not signed: anyone could type it);
//  4. none: the mail opens a new conversation.
// Never by subject text: "Re: Lainat" from two people is two conversations.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { ParsedMail } from './parse.js';
import { conversationByHeaders, deliveryOf, threadTarget, threadTargetsByReference, type ThreadTarget } from './store.js';
import { conversationIdFromAddress, deliveryIdFromMessageId, referenceFromSubject } from './thread-tokens.js';

export type ThreadVia = 'reply_address' | 'our_message_id' | 'headers' | 'subject_reference';

export interface Thread {
  conversationId: string;
  customerId: string;
  via: ThreadVia;
}

/** A merged-away conversation lives on in the one it went into. */
const MAX_MERGE_HOPS = 10;
const MAX_ANSWERED_IDS = 100;

type Mail = Pick<ParsedMail, 'to' | 'cc' | 'deliveredTo' | 'inReplyTo' | 'references' | 'subject' | 'from'>;

/** Message-IDs the mail answers, the most direct first (In-Reply-To, then References newest first). */
export function answeredIds(mail: Pick<ParsedMail, 'inReplyTo' | 'references'>): string[] {
  const ids = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  // A thread's newest ids are enough; a References header of thousands is junk, not history.
  return [...new Set(ids)].slice(0, MAX_ANSWERED_IDS);
}

export async function findThread(db: Kysely<DB>, secrets: SecretBox, libraryId: string, mail: Mail): Promise<Thread | null> {
  const answered = answeredIds(mail);
  for (const address of [...mail.to, ...mail.cc, ...mail.deliveredTo]) {
    const id = conversationIdFromAddress(secrets, address);
    const target = id ? await threadTarget(db, libraryId, id) : undefined;
    if (target) return follow(db, libraryId, target, 'reply_address');
  }
  for (const messageId of answered) {
    const deliveryId = deliveryIdFromMessageId(secrets, messageId);
    const delivery = deliveryId ? await deliveryOf(db, libraryId, deliveryId) : undefined;
    const target = delivery ? await threadTarget(db, libraryId, delivery.conversation_id) : undefined;
    if (target) return follow(db, libraryId, target, 'our_message_id');
  }
  const byHeaders = await conversationByHeaders(db, libraryId, answered);
  const headerTarget = byHeaders ? await threadTarget(db, libraryId, byHeaders) : undefined;
  if (headerTarget) return follow(db, libraryId, headerTarget, 'headers');
  const reference = mail.subject ? referenceFromSubject(mail.subject) : null;
  if (reference && mail.from) {
    const sender = mail.from.address.toLowerCase();
    const candidates = await threadTargetsByReference(db, libraryId, reference);
    const target = candidates.find((c) => c.customer_email?.toLowerCase() === sender);
    if (target) return follow(db, libraryId, target, 'subject_reference');
  }
  return null;
}

async function follow(db: Kysely<DB>, libraryId: string, start: ThreadTarget, via: ThreadVia): Promise<Thread | null> {
  let target: ThreadTarget | undefined = start;
  for (let hop = 0; target?.merged_into_id && hop < MAX_MERGE_HOPS; hop++) {
    target = await threadTarget(db, libraryId, target.merged_into_id);
  }
  if (!target || target.merged_into_id) return null;
  return { conversationId: target.id, customerId: target.customer_id, via };
}
