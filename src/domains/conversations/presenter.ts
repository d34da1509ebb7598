// Turns rows into the API's conversation and message shapes. The customer gets a narrower
// view of a message than staff: never a note, and staff only by display name.
import type { AttachmentView } from '../../contract/attachments.js';
import type { ConversationView, CustomerMessageView, DeliveryView, MessageView } from '../../contract/conversations.js';
import type { ChannelKind, ConversationStatus, DeliveryStatus, MessageKind } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import type { TagBriefView } from '../../contract/tags.js';

export interface MessageRowWithAuthor {
  id: string;
  conversation_id: string;
  seq: number;
  kind: MessageKind;
  body: string;
  author_account_id: string | null;
  author_name: string | null;
  event: Record<string, unknown> | null;
  client_message_id: string | null;
  created_at: Date;
  /** From the reply's delivery row (left join): null when the message has none. */
  delivery_status: DeliveryStatus | null;
  delivery_error: string | null;
  delivery_updated_at: Date | null;
  /** When a queued delivery is tried again (email after a failed attempt). */
  delivery_retry_at?: Date | null;
}

export function presentDelivery(row: {
  status: DeliveryStatus;
  last_error: string | null;
  updated_at: Date;
  next_attempt_at?: Date | null;
}): DeliveryView {
  // A queued channel's failed attempt that waits for its retry: staff see why and when.
  const retrying = row.status === 'queued' && row.last_error !== null && row.next_attempt_at ? row.next_attempt_at : null;
  return {
    status: row.status,
    error: row.status === 'failed' || retrying ? row.last_error : null,
    updatedAt: row.updated_at.toISOString(),
    ...(retrying ? { retryAt: retrying.toISOString() } : {}),
  };
}

export function presentMessage(row: MessageRowWithAuthor, attachments: AttachmentView[] = []): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    kind: row.kind,
    body: row.body,
    author: row.author_account_id ? { id: row.author_account_id, displayName: row.author_name ?? '' } : null,
    event: row.event,
    clientId: row.client_message_id,
    createdAt: row.created_at.toISOString(),
    delivery:
      row.delivery_status && row.delivery_updated_at
        ? presentDelivery({
            status: row.delivery_status,
            last_error: row.delivery_error,
            updated_at: row.delivery_updated_at,
            next_attempt_at: row.delivery_retry_at ?? null,
          })
        : null,
    attachments,
  };
}

export function presentMessageForCustomer(message: MessageView): CustomerMessageView | null {
  if (message.kind === 'note') return null;
  return {
    id: message.id,
    seq: message.seq,
    kind: message.kind,
    body: message.body,
    author: message.author ? { displayName: message.author.displayName } : null,
    event: message.event,
    clientId: message.clientId,
    createdAt: message.createdAt,
  };
}

export interface ConversationRowWithPeople {
  id: string;
  channel: ChannelKind;
  status: ConversationStatus;
  language: Language;
  subject: string | null;
  customer_id: string;
  customer_name: string | null;
  customer_email: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
  last_message_at: Date;
  last_message_preview: string | null;
  merged_into_id: string | null;
  /** Topic tags set on it, oldest first (a JSON aggregate of conversation_tags). */
  tags: TagBriefView[];
  page_url: string | null;
  page_title: string | null;
  customer_left_at: Date | null;
  queue_id: string | null;
  waiting_since: Date | null;
  first_response_at: Date | null;
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
}

/** The next target a conversation must meet (see ConversationView.dueAt). */
function nextDue(row: ConversationRowWithPeople): Date | null {
  if (row.status === 'resolved') return null;
  const candidates = [row.first_response_at ? null : row.first_response_due_at, row.resolution_due_at].filter((d) => d !== null);
  return candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
}

export function presentConversation(row: ConversationRowWithPeople): ConversationView {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    language: row.language,
    subject: row.subject,
    customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
    assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? '' } : null,
    lastSeq: row.last_seq,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastMessageAt: row.last_message_at.toISOString(),
    lastMessagePreview: row.last_message_preview,
    mergedIntoId: row.merged_into_id,
    tags: row.tags,
    page: row.page_url ? { url: row.page_url, title: row.page_title } : null,
    customerLeftAt: row.customer_left_at?.toISOString() ?? null,
    queueId: row.queue_id,
    waitingSince: row.waiting_since?.toISOString() ?? null,
    firstResponseDueAt: row.first_response_due_at?.toISOString() ?? null,
    resolutionDueAt: row.resolution_due_at?.toISOString() ?? null,
    dueAt: nextDue(row)?.toISOString() ?? null,
  };
}
