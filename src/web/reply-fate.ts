// What will become of a staff reply, said beside the reply box before it is sent, from what
// the conversation says about the customer's way back. Today only the chat customer who ended
// the chat is worth a word (they will not see it); when email exists, this is where "will be
// emailed to <address>" goes (a key and the address as a name), for chat and email alike.
import type { Conversation } from './api.js';
import type { I18n } from './i18n.js';

export interface ReplyFate {
  key: 'reply.fate.customerLeft';
  /** User-supplied strings for the sentence (isolated when shown), e.g. an email address. */
  names: Record<string, string>;
}

export function replyFate(conversation: Conversation): ReplyFate | null {
  if (conversation.channel === 'chat' && conversation.customerLeftAt) return { key: 'reply.fate.customerLeft', names: {} };
  return null;
}

export function describeReplyFate(conversation: Conversation, t: I18n['t']): string | null {
  const fate = replyFate(conversation);
  return fate ? t(fate.key, {}, fate.names) : null;
}
