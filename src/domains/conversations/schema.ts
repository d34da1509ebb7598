// The requests on conversations and messages; what comes back is in src/contract/conversations.ts.
import { z } from 'zod';
import { catalogueMessage, seqQuery, storableText } from '../../platform/schemas.js';
import { channelKindSchema, conversationStatusSchema } from '../../contract/conversations.js';
import { languageSchema } from '../../contract/language-schemas.js';

/** Longest message body a customer or staff member can send, in characters. */
export const MAX_MESSAGE_LENGTH = 5000;

export const messageBodySchema = storableText()
  .max(MAX_MESSAGE_LENGTH)
  .refine((s) => s.trim().length > 0, catalogueMessage('validation.message_empty'))
  .describe(`Message text (plain text, at most ${MAX_MESSAGE_LENGTH} characters)`);

export const listConversationsQuery = z.object({
  status: conversationStatusSchema.optional(),
  assignee: z
    .union([z.enum(['me', 'none']), z.string().uuid()])
    .optional()
    .describe('me, none (unassigned) or an account id'),
  channel: channelKindSchema.optional(),
  language: languageSchema.optional(),
  customer: z.string().uuid().optional().describe('Only this customer’s conversations'),
  tag: z.string().uuid().optional().describe('Only conversations with this topic tag'),
  queue: z
    .union([z.literal('mine'), z.string().uuid()])
    .optional()
    .describe('A queue id, or mine: the queues the caller belongs to'),
  sort: z
    .enum(['latest', 'waiting', 'due'])
    .default('latest')
    .describe(
      'latest: latest activity first; waiting: longest-waiting customer first; due: closest to (or furthest past) its target first',
    ),
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

export const assignBody = z.object({
  assigneeId: z.string().uuid().nullable().describe('Account id, or null to unassign'),
  force: z
    .boolean()
    .default(false)
    .describe('take it from a colleague who has it: for yourself anyone may; to someone else or to nobody, supervisors and admins'),
});
export const statusBody = z.object({ status: conversationStatusSchema });

export const mergeBody = z.object({
  targetId: z.string().uuid().describe('The conversation to merge into: another conversation of the same customer, not merged itself'),
});
