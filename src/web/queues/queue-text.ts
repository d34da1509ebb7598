// Pure helpers of the queue UI, kept apart from React so they are tested in node: a queue's
// name in the reader's language, the target badge of a conversation, and the inbox orders.
import type { QueueName, QueueView } from '../../contract/queues.js';
import type { Language } from '../../contract/languages.js';
import type { Conversation } from '../api.js';

export type Queue = QueueView;
export type InboxSort = 'latest' | 'waiting' | 'due';

/** The queue's name in the reader's language, else in the first language it has. */
export function queueName(name: QueueName | undefined, language: Language): string {
  return name ? (name[language] ?? name.fi ?? name.sv ?? name.en ?? '') : '';
}

/** How long before a target a conversation counts as "due soon". */
export const DUE_SOON_MS = 15 * 60_000;

/** The target badge of a conversation: overdue, due soon, or none. */
export function dueState(conversation: Pick<Conversation, 'dueAt'>, now: number): 'overdue' | 'soon' | null {
  if (!conversation.dueAt) return null;
  const left = Date.parse(conversation.dueAt) - now;
  if (left <= 0) return 'overdue';
  return left <= DUE_SOON_MS ? 'soon' : null;
}

const NEVER = Number.POSITIVE_INFINITY;
const timeOf = (iso: string | null) => (iso ? Date.parse(iso) : NEVER);

/**
 * The list in the order the inbox asked the server for, also after live updates put a
 * conversation in by latest activity: latest activity first, longest waiting first, or
 * closest to its target first (those without come last).
 */
export function sortConversations(list: Conversation[], sort: InboxSort): Conversation[] {
  if (sort === 'latest') return list;
  const key = (c: Conversation) => (sort === 'waiting' ? timeOf(c.waitingSince) : timeOf(c.dueAt));
  return [...list].sort((a, b) => key(a) - key(b) || a.id.localeCompare(b.id));
}
