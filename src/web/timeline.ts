// Pure helpers for the inbox and the timeline, kept apart from React so they are tested in node.
import type { Conversation, Delivery, Message } from './api.js';

/**
 * Of two states of one reply's delivery, the later one. A page or a replay fetched before a
 * `delivery` frame can arrive after it, so arrival order says nothing; updatedAt does.
 */
export function newerDelivery(a: Delivery | null, b: Delivery | null): Delivery | null {
  if (!a || !b) return a ?? b;
  return Date.parse(b.updatedAt) >= Date.parse(a.updatedAt) ? b : a;
}

/** Merges messages into a timeline: one per seq, ordered by seq, each with its latest delivery. */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) {
    const known = bySeq.get(message.seq);
    const delivery = known?.id === message.id ? newerDelivery(known.delivery, message.delivery) : message.delivery;
    bySeq.set(message.seq, delivery === message.delivery ? message : { ...message, delivery });
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The timeline with one reply's delivery moved on (unless what is shown is newer). */
export function applyDelivery(messages: Message[], messageId: string, delivery: Delivery): Message[] {
  const index = messages.findIndex((m) => m.id === messageId);
  const message = messages[index];
  if (!message || newerDelivery(message.delivery, delivery) !== delivery) return messages;
  return messages.with(index, { ...message, delivery });
}

/** Puts a changed or new conversation into the list, latest activity first, once. */
export function upsertConversation(list: Conversation[], conversation: Conversation): Conversation[] {
  const rest = list.filter((c) => c.id !== conversation.id);
  return [...rest, conversation].sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || b.id.localeCompare(a.id));
}

/** The start of a message as the inbox shows it and as a new one is announced: a few lines at most. */
export function messagePreview(body: string): string {
  return body.slice(0, 140);
}

/** A new message moves its conversation up and refreshes its preview. */
export function applyMessageToInbox(list: Conversation[], message: Message): Conversation[] {
  const conversation = list.find((c) => c.id === message.conversationId);
  if (!conversation || (message.kind !== 'customer' && message.kind !== 'staff')) return list;
  return upsertConversation(list, {
    ...conversation,
    lastSeq: Math.max(conversation.lastSeq, message.seq),
    lastMessageAt: message.createdAt,
    lastMessagePreview: messagePreview(message.body),
    status: message.kind === 'customer' ? 'open' : conversation.status,
  });
}

export interface InboxFilters {
  status: '' | 'open' | 'pending' | 'resolved';
  assignee: '' | 'me' | 'none';
  channel: string;
  language: string;
  /** A topic tag's id, or '' / absent for any. */
  tag?: string;
  /** A queue id, 'mine' (the caller's queues) or '' (any). */
  queue?: string;
  /** The order: latest activity, longest waiting, or closest to its target first. */
  sort?: 'latest' | 'waiting' | 'due';
}

export function filtersToQuery(filters: InboxFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value && !(key === 'sort' && value === 'latest')) params.set(key, value);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', '25');
  return `?${params.toString()}`;
}

/** Whether a conversation belongs in the list under the current filters (for live updates). */
export function matchesFilters(conversation: Conversation, filters: InboxFilters, myId: string, myQueueIds: string[] = []): boolean {
  if (filters.queue === 'mine' && !(conversation.queueId && myQueueIds.includes(conversation.queueId))) return false;
  if (filters.queue && filters.queue !== 'mine' && conversation.queueId !== filters.queue) return false;
  if (filters.status && conversation.status !== filters.status) return false;
  if (filters.assignee === 'me' && conversation.assignee?.id !== myId) return false;
  if (filters.assignee === 'none' && conversation.assignee !== null) return false;
  if (filters.channel && conversation.channel !== filters.channel) return false;
  if (filters.language && conversation.language !== filters.language) return false;
  if (filters.tag && !conversation.tags.some((tag) => tag.id === filters.tag)) return false;
  return true;
}
