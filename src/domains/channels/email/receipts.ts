// The automatic receipt: when a mail opened a new conversation and its mailbox has a receipt
// switched on, the customer gets the receipt text (in the conversation's language) as an
// answer to their mail, threaded like a reply so their next mail joins the conversation.
//
// Kept durably as a delivery row, queued in the ingest's transaction on the customer's message (sending-store.ts queueReceipt):
// it survives a restart, is retried by the delivery job like any reply, can be sent only
// once per mail (the row is unique per message), and needs no staff message in the
// timeline, which would count as the first response and stop the waiting clock.
// Auto-replies and bounces never open a conversation, so they never get a receipt.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { EventBus } from '../../../platform/events.js';
import './events.js';
import { queueReceipt } from './sending-store.js';

export interface ReceiptOptions {
  bus: EventBus;
  /** Asks the delivery job to look now (the receipt goes out within a second). */
  wake: () => void;
}

/**
 * Queues the receipt for a mail that just opened a conversation, when its mailbox has one
 * switched on. Called by the ingest inside its transaction, so a receipt is stored together
 * with the mail or not at all: a crash right after the commit cannot lose it.
 */
export async function queueReceiptIfEnabled(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  mailboxId: string,
): Promise<boolean> {
  const mailbox = await db
    .selectFrom('mailboxes')
    .select(['receipt_enabled'])
    .where('library_id', '=', libraryId)
    .where('id', '=', mailboxId)
    .executeTakeFirst();
  if (!mailbox?.receipt_enabled) return false;
  return queueReceipt(db, libraryId, conversationId);
}

/** Wakes the delivery job when a mail opened a conversation (its receipt may be waiting); returns the unsubscribe. */
export function sendReceipts(options: ReceiptOptions): () => void {
  return options.bus.on('mail.received', (event) => {
    if (event.outcome === 'created') options.wake();
  });
}
