// Conversations, their messages and the delivery of staff replies, as the staff app, the
// widget and API clients receive them. The customer's view of a message is narrower than
// staff's: never a note, staff only by display name.
import { z } from 'zod';
import { channelKinds, conversationStatuses, deliveryStatuses, messageKinds, type MessageKind } from './kinds.js';
import { languageSchema } from './language-schemas.js';
import { tagBriefView } from './tags.js';
import { attachmentView } from './attachments.js';

export const channelKindSchema = z.enum(channelKinds);

export const conversationStatusSchema = z
  .enum(conversationStatuses)
  .describe('open: needs staff; pending: waiting for the customer or a third party; resolved: done');

const person = z.object({ id: z.string().uuid(), displayName: z.string() });
export type Person = z.infer<typeof person>;

export const deliveryView = z.object({
  status: z
    .enum(deliveryStatuses)
    .describe(
      'queued: not with the customer yet (chat: widget closed; kept and sent when it reconnects); sent: handed on (e.g. to the mail server); delivered: reached the customer; failed',
    ),
  error: z
    .string()
    .nullable()
    .describe('Stable error code when failed (e.g. smtp_rejected), or of the last failed attempt while a retry waits (retryAt); else null'),
  updatedAt: z.string(),
  retryAt: z.string().optional().describe('Queued after a failed attempt (email): when it is tried again'),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export const messageView = z.object({
  id: z.string().uuid(),
  conversationId: z.string().uuid(),
  seq: z.number().int().describe('Position in the conversation; resume after a reconnect from the last seen seq'),
  kind: z.enum(messageKinds).describe('note = internal, never shown to the customer'),
  body: z.string(),
  author: person.nullable().describe('Staff author; null for customer and system messages'),
  event: z.record(z.string(), z.unknown()).nullable().describe('For kind=event: {type, ...}'),
  clientId: z.string().nullable().describe('Id the sending client gave a customer message'),
  createdAt: z.string(),
  delivery: deliveryView
    .nullable()
    .describe(
      'For kind=staff: how far the reply got to the customer; for the customer mail that opened an email conversation: its automatic receipt, if one was sent; else null',
    ),
  attachments: z.array(attachmentView).describe('Files that came with the message (email); empty for most messages'),
});
export type MessageView = z.infer<typeof messageView>;

/** What a customer may see of a message: never a note, staff by display name alone. */
export const customerMessageView = z.object({
  id: z.string().uuid(),
  seq: z.number().int(),
  kind: z.enum(['customer', 'staff', 'event'] as const satisfies readonly Exclude<MessageKind, 'note'>[]),
  body: z.string(),
  author: z.object({ displayName: z.string() }).nullable(),
  event: z.record(z.string(), z.unknown()).nullable(),
  clientId: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerMessageView = z.infer<typeof customerMessageView>;

/**
 * The page a web chat was started on, as the widget reported it: for staff to see (a link),
 * never to be trusted for anything else.
 */
export const pageContextView = z.object({
  url: z.string().describe('http(s) address of the page, at most 2,000 characters'),
  title: z.string().nullable().describe('The page’s title, at most 300 characters'),
});
export type PageContextView = z.infer<typeof pageContextView>;

export const conversationView = z.object({
  id: z.string().uuid(),
  channel: channelKindSchema,
  status: conversationStatusSchema,
  language: languageSchema,
  subject: z.string().nullable(),
  customer: z.object({ id: z.string().uuid(), name: z.string().nullable(), email: z.string().nullable() }),
  assignee: person.nullable(),
  lastSeq: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastMessageAt: z.string(),
  lastMessagePreview: z.string().nullable(),
  /** Merged into this conversation (POST /conversations/:id/merge): read-only since; null when not merged. */
  mergedIntoId: z.string().uuid().nullable(),
  tags: z.array(tagBriefView).describe('Topic tags set on the conversation (PUT /conversations/:id/tags)'),
  page: pageContextView.nullable().describe('Web chat: the page the customer started it on (as reported by the widget); else null'),
  customerLeftAt: z
    .string()
    .nullable()
    .describe('Web chat: when the customer ended the chat in the widget (they will not see later replies there); null otherwise'),
  queueId: z.string().uuid().nullable().describe('The queue (team) handling it; null for conversations from before queues'),
  waitingSince: z.string().nullable().describe('Since when the customer has waited for a staff answer; null when staff answered last'),
  firstResponseDueAt: z
    .string()
    .nullable()
    .describe('When the first staff reply is due (queue target, over opening hours); null = no target'),
  resolutionDueAt: z.string().nullable().describe('When resolution is due (queue target, over opening hours); null = no target'),
  dueAt: z
    .string()
    .nullable()
    .describe('The next target to meet: the first response until staff answered, then resolution; null when resolved or no target'),
});
export type ConversationView = z.infer<typeof conversationView>;

export const conversationPage = z.object({ items: z.array(conversationView), nextCursor: z.string().nullable() });
export const messagePage = z.object({ items: z.array(messageView) });

/** GET /customers/:id: the customer and the first page of their conversations, latest activity first. */
export const customerView = z.object({
  id: z.string().uuid(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  preferredLanguage: languageSchema,
  createdAt: z.string(),
  conversations: z.array(conversationView),
  nextCursor: z
    .string()
    .nullable()
    .describe('More conversations: GET /conversations?customer=<id>&cursor=<nextCursor>; null when that was all'),
});
export type CustomerView = z.infer<typeof customerView>;
