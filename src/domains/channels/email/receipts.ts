// The automatic receipt: when a mail opened a new conversation and its mailbox has a receipt
// switched on, the customer gets the receipt text (in the conversation's language) as an
// answer to their mail, threaded like a reply so their next mail joins the conversation.
//
// Kept durably as a delivery row on the customer's message (sending-store.ts queueReceipt):
// it survives a restart, is retried by the delivery job like any reply, can be sent only
// once per mail (the row is unique per message), and needs no staff message in the
// timeline, which would count as the first response and stop the waiting clock.
// Auto-replies and bounces never open a conversation, so they never get a receipt.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { EventBus } from '../../../platform/events.js';
import type { MailOutcome } from './ingest-outcome.js';
import { describeError, type DeliveryLog } from '../deliveries/outbound.js';
import { queueReceipt } from './sending-store.js';

/**
 * What the ingest announces after a stored mail. The ingest declares the event in
 * channels/email/events.ts; until then it is read here by its shape.
 */
export interface MailReceived {
  type: 'mail.received';
  libraryId: string;
  conversationId: string | null;
  mailboxId: string | null;
  outcome: MailOutcome;
}

function asMailReceived(event: { type: string }): MailReceived | null {
  return event.type === 'mail.received' ? (event as unknown as MailReceived) : null;
}

export interface ReceiptOptions {
  db: Kysely<DB>;
  bus: EventBus;
  log: DeliveryLog;
  /** Asks the delivery job to look now (the receipt goes out within a second). */
  wake: () => void;
}

/** Subscribes to new mail; returns the unsubscribe. */
export function sendReceipts(options: ReceiptOptions): () => void {
  return options.bus.subscribe((published) => {
    const event = asMailReceived(published);
    if (!event || event.outcome !== 'created' || !event.mailboxId || !event.conversationId) return;
    void queueIfEnabled(options, event.libraryId, event.conversationId, event.mailboxId).catch((error: unknown) =>
      options.log.warn(describeError(error), 'automatic receipt could not be queued'),
    );
  });
}

async function queueIfEnabled(options: ReceiptOptions, libraryId: string, conversationId: string, mailboxId: string): Promise<void> {
  const mailbox = await options.db
    .selectFrom('mailboxes')
    .select(['receipt_enabled'])
    .where('library_id', '=', libraryId)
    .where('id', '=', mailboxId)
    .executeTakeFirst();
  if (!mailbox?.receipt_enabled) return;
  if (await queueReceipt(options.db, libraryId, conversationId)) options.wake();
}
