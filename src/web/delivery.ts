// A staff reply's delivery as a sentence from the catalogue. 'queued' means different things
// per channel: a chat customer sees a waiting reply when they open the chat again, so it is
// worded as waiting for them, not as a sending problem. Failure codes become a reason in words.
import type { Delivery } from './api.js';
import type { I18n } from './i18n.js';

export function describeDelivery(delivery: Delivery, channel: string, t: I18n['t'], customerLeft = false): string {
  switch (delivery.status) {
    case 'queued':
      // A chat customer who ended the chat will not come back to it.
      if (channel === 'chat' && customerLeft) return t('delivery.queuedChatLeft');
      return t(channel === 'chat' ? 'delivery.queuedChat' : 'delivery.queued');
    case 'sent':
      return t('delivery.sent');
    case 'delivered':
      return t('delivery.delivered');
    case 'failed':
      return t('delivery.failed', { reason: failureReason(delivery, t) });
  }
}

/** Why a delivery failed, in words; the code picks the sentence (unknown codes a general one). */
export function failureReason(delivery: Delivery, t: I18n['t']): string {
  return t('delivery.reason', { code: delivery.error ?? 'other' });
}
