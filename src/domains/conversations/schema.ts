// Shapes of conversations and messages as the API shows them, and of the requests on them.
import { z } from 'zod';
import { catalogueMessage, seqQuery, storableText } from '../../platform/schemas.js';
import { languageSchema } from '../accounts/schema.js';
import { channelKindSchema } from '../libraries/schema.js';

/** Longest message body a customer or staff member can send, in characters. */
export const MAX_MESSAGE_LENGTH = 5000;

export const statusSchema = z
  .enum(['open', 'pending', 'resolved'])
  .describe('open: needs staff; pending: waiting for the customer or a third party; resolved: done');

export const messageBodySchema = storableText()
  .max(MAX_MESSAGE_LENGTH)
  .refine((s) => s.trim().length > 0, catalogueMessage('validation.message_empty'))
  .describe(`Message text (plain text, at most ${MAX_MESSAGE_LENGTH} characters)`);

const person = z.object({ id: z.string().uuid(), displayName: z.string() });

export const deliveryView = z.object({
  status: z
    .enum(['queued', 'sent', 'delivered', 'failed'])
    .describe('queued: not with the customer yet (chat: widget closed; kept and sent when it reconnects); sent: handed on (e.g. to the mail server); delivered: reached the customer; failed'),
  error: z.string().nullable().describe('Stable error code when failed (e.g. adapter_error), else null'),
  updatedAt: z.string(),
});

export const messageView = z.object({
  id: z.string().uuid(),
  conversationId: z.string().uuid(),
  seq: z.number().int().describe('Position in the conversation; resume after a reconnect from the last seen seq'),
  kind: z.enum(['customer', 'staff', 'note', 'event']).describe('note = internal, never shown to the customer'),
  body: z.string(),
  author: person.nullable().describe('Staff author; null for customer and system messages'),
  event: z.record(z.string(), z.unknown()).nullable().describe('For kind=event: {type, ...}'),
  clientId: z.string().nullable().describe('Id the sending client gave a customer message'),
  createdAt: z.string(),
  delivery: deliveryView.nullable().describe('For kind=staff: how far the reply got to the customer; null for other kinds'),
});

export const conversationView = z.object({
  id: z.string().uuid(),
  channel: channelKindSchema,
  status: statusSchema,
  language: languageSchema,
  subject: z.string().nullable(),
  customer: z.object({ id: z.string().uuid(), name: z.string().nullable(), email: z.string().nullable() }),
  assignee: person.nullable(),
  lastSeq: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastMessageAt: z.string(),
  lastMessagePreview: z.string().nullable(),
});

export const listConversationsQuery = z.object({
  status: statusSchema.optional(),
  assignee: z
    .union([z.enum(['me', 'none']), z.string().uuid()])
    .optional()
    .describe('me, none (unassigned) or an account id'),
  channel: channelKindSchema.optional(),
  language: languageSchema.optional(),
  customer: z.string().uuid().optional().describe('Only this customer’s conversations'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const conversationParams = z.object({ id: z.string().uuid().describe('Conversation id') });

export const listMessagesQuery = z
  .object({
    after: seqQuery().optional().describe('Only messages with a greater seq (default 0): the first `limit` of them'),
    before: seqQuery()
      .optional()
      .describe('Only messages with a smaller seq: the last `limit` of them (a page back), still in ascending seq'),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  // One direction per page: with both, which `limit` messages were meant would be a guess.
  .refine((q) => q.after === undefined || q.before === undefined, {
    ...catalogueMessage('validation.after_and_before'),
    path: ['before'],
  });

export const replyBody = z.object({
  body: messageBodySchema,
  internal: z.boolean().default(false).describe('true = internal note for colleagues, never sent to the customer'),
});

export const claimBody = z
  .object({ force: z.boolean().default(false).describe('take over from a colleague who has it') })
  .default({ force: false });

export const assignBody = z.object({ assigneeId: z.string().uuid().nullable().describe('Account id, or null to unassign') });
export const statusBody = z.object({ status: statusSchema });
