// A staff reply's delivery as a sentence from the catalogue. 'queued' means different things
// per channel: a chat customer sees a waiting reply when they open the chat again, so it is
// worded as waiting for them, not as a sending problem; an email that failed once waits for
// its next attempt, said with the reason and the time. Failure codes become a reason in words.
// A delivery on the customer's own email is its automatic receipt.
import type { Delivery } from './api.js';
import type { I18n } from './i18n.js';

export interface DeliveryContext {
  /** The library-time clock time of an ISO instant (useI18n's `time`). */
  time?: (iso: string) => string;
  /** The delivery belongs to the customer's mail: it is that mail's automatic receipt. */
  receipt?: boolean;
}

export function describeDelivery(
  delivery: Delivery,
  channel: string,
  t: I18n['t'],
  customerLeft = false,
  context: DeliveryContext = {},
): string {
  if (context.receipt) return describeReceipt(delivery, t);
  switch (delivery.status) {
    case 'queued':
      // A chat customer who ended the chat will not come back to it.
      if (channel === 'chat' && customerLeft) return t('delivery.queuedChatLeft');
      if (delivery.retryAt && delivery.error) {
        const time = context.time ? context.time(delivery.retryAt) : delivery.retryAt;
        return t('delivery.retrying', { reason: failureReason(delivery, t), time });
      }
      return t(channel === 'chat' ? 'delivery.queuedChat' : 'delivery.queued');
    case 'sent':
      return t('delivery.sent');
    case 'delivered':
      return t('delivery.delivered');
    case 'failed':
      // The customer's server returned the mail (a bounce): the address is the likely cause.
      if (delivery.error === 'mail_bounced') return t('delivery.bounced');
      return t('delivery.failed', { reason: failureReason(delivery, t) });
  }
}

function describeReceipt(delivery: Delivery, t: I18n['t']): string {
  if (delivery.status === 'failed') return t('emailReply.receiptFailed', { reason: failureReason(delivery, t) });
  return t(delivery.status === 'queued' ? 'emailReply.receiptQueued' : 'emailReply.receiptSent');
}

/** Whether staff may ask for the delivery to be tried again (a failed reply, not a receipt). */
export function canRetry(delivery: Delivery, kind: string): boolean {
  return delivery.status === 'failed' && kind === 'staff';
}

/** Why a delivery failed, in words; the code picks the sentence (unknown codes a general one). */
export function failureReason(delivery: Delivery, t: I18n['t']): string {
  return t('delivery.reason', { code: delivery.error ?? 'other' });
}
