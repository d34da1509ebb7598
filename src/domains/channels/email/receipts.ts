// The automatic receipt: when a mail opened a new conversation and its mailbox has a receipt
// switched on, the customer gets the receipt text (in the conversation's language) as an
// answer to their mail, threaded like a reply so their next mail joins the conversation.
//
// Kept durably as a delivery row on the customer's message, queued by the ingest in the
// transaction that stores the mail (sending-store.ts queueReceipt): it survives a restart, is retried by the delivery job like any reply, can be sent only
// once per mail (the row is unique per message), and needs no staff message in the
// timeline, which would count as the first response and stop the waiting clock.
// Auto-replies and bounces never open a conversation, so they never get a receipt.
import type { EventBus } from '../../../platform/events.js';
import './events.js';

export interface ReceiptOptions {
  bus: EventBus;
  /** Asks the delivery job to look now (the receipt goes out within a second). */
  wake: () => void;
}

/** Wakes the delivery job when a mail opened a conversation (its receipt may be waiting); returns the unsubscribe. */
export function sendReceipts(options: ReceiptOptions): () => void {
  return options.bus.on('mail.received', (event) => {
    if (event.outcome === 'created') options.wake();
  });
}
