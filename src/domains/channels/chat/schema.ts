// Shapes of the web-chat endpoints and socket frames.
import { z } from 'zod';
import { seqNumber } from '../../../platform/schemas.js';
import { languageSchema } from '../../accounts/schema.js';
import { messageBodySchema } from '../../conversations/schema.js';

export const startChatBody = z.object({
  language: languageSchema,
  name: z.string().trim().max(100).optional().describe('How the customer wants to be addressed (optional)'),
  email: z.string().trim().toLowerCase().email().max(254).optional().describe('For an answer by email if nobody is online'),
  body: messageBodySchema.optional().describe('First message, if the customer already wrote one'),
  clientId: z.string().min(8).max(64).optional().describe('Client id of the first message, for idempotent retries'),
});

export const startChatView = z.object({
  conversationId: z.string().uuid(),
  customerToken: z.string().describe('Secret proving the customer on the socket; keep it private'),
});

export const customerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().min(20).max(100),
    conversationId: z.string().uuid().optional(),
    lastSeq: seqNumber().default(0),
  }),
  z.object({ type: z.literal('send'), clientId: z.string().min(8).max(64), body: messageBodySchema }),
  z.object({ type: z.literal('typing') }),
  z.object({ type: z.literal('ping') }),
]);
export type CustomerFrame = z.infer<typeof customerFrame>;
