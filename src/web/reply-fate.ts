// What will become of a staff reply, said beside the reply box before it is sent, from what
// the conversation says about the customer's way back: the chat customer who ended the chat
// will not see it; an email reply goes to the customer's address (or cannot go anywhere).
import type { Conversation } from './api.js';
import type { I18n } from './i18n.js';

export interface ReplyFate {
  key: 'reply.fate.customerLeft' | 'emailReply.fate' | 'emailReply.noAddress';
  /** User-supplied strings for the sentence (isolated when shown), e.g. an email address. */
  names: Record<string, string>;
}

export function replyFate(conversation: Conversation): ReplyFate | null {
  if (conversation.channel === 'chat' && conversation.customerLeftAt) return { key: 'reply.fate.customerLeft', names: {} };
  if (conversation.channel === 'email') {
    const address = conversation.customer.email;
    return address ? { key: 'emailReply.fate', names: { address } } : { key: 'emailReply.noAddress', names: {} };
  }
  return null;
}

export function describeReplyFate(conversation: Conversation, t: I18n['t']): string | null {
  const fate = replyFate(conversation);
  return fate ? t(fate.key, {}, fate.names) : null;
}
