// System events in a conversation's timeline as sentences from the catalogue. The event
// payload comes from the server (conversations/service.ts) as loose JSON, so every field is
// checked; anything unexpected gets a general sentence rather than a raw code. Staff names go
// in as `names` (isolated): the timeline passes `tx`, which puts each in a <bdi>.
import { conversationStatuses } from '../contract/kinds.js';
import type { Message, Status } from './api.js';
import type { MessageKey, Names, Values } from './i18n.js';
import type { QueueName } from '../contract/queues.js';
import { queueName as nameOfQueue } from './queues/queue-text.js';
import type { Language } from '../contract/languages.js';

const isStatus = (value: unknown): value is Status =>
  typeof value === 'string' && (conversationStatuses as readonly string[]).includes(value);

export function describeEvent<R>(
  message: Message,
  t: (key: MessageKey, values: Values, names: Names) => R,
  systemName: string,
  language: Language = 'fi',
): R {
  const event = message.event ?? {};
  const name = message.author?.displayName || systemName;
  if (event.type === 'status_changed' && isStatus(event.from) && isStatus(event.to)) {
    // The catalogue chooses the inflected words for each status (ICU select on the code).
    return t('event.status_changed', { from: event.from, to: event.to }, { name });
  }
  if (event.type === 'assigned') {
    if (event.assigneeId === null) return t('event.unassigned', {}, { name });
    if (message.author && event.assigneeId === message.author.id) return t('event.claimed', {}, { name });
    if (typeof event.assigneeName === 'string' && event.assigneeName) {
      return t('event.assigned', {}, { name, assignee: event.assigneeName });
    }
  }
  // The customer ended the chat in the widget (no author: it was the customer).
  if (event.type === 'customer_left') return t('event.customer_left', {}, {});
  if (event.type === 'merged_in' && typeof event.count === 'number') return t('collab.eventMergedIn', { count: event.count }, { name });
  if (event.type === 'merged_into') return t('collab.eventMergedInto', {}, { name });
  if (event.type === 'transferred') {
    if (typeof event.assigneeName === 'string' && event.assigneeName) {
      return t('queues.event.transferredTo', {}, { name, assignee: event.assigneeName });
    }
    const queueName = event.queueName && typeof event.queueName === 'object' ? (event.queueName as QueueName) : null;
    if (queueName) return t('queues.event.transferredToQueue', {}, { name, queue: nameOfQueue(queueName, language) });
  }
  return t('event.other', {}, { name });
}
