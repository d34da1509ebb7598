// Shapes of the web-chat endpoints and socket frames.
import { z } from 'zod';
import { catalogueMessage, nameText, seqNumber, storableText } from '../../../platform/schemas.js';
import { pageContextBody } from './page-context.js';
import { slugParams } from '../../libraries/schema.js';
import { languageSchema } from '../../../contract/language-schemas.js';
import { messageBodySchema } from '../../conversations/schema.js';
import { patternText } from '../../../platform/pattern-text.js';
import { looksRandom } from '../../../platform/auth/token-randomness.js';
import { entryPointSchema } from '../../queues/schema.js';

/** The id a client gives its message; echoed to staff, so it never proves who the customer is. */
const clientIdSchema = storableText().min(8).max(64);

const CUSTOMER_TOKEN = /^[A-Za-z0-9_-]{43,100}$/;

/**
 * A customer token as the widget makes it: at least 32 random bytes, base64url. Whoever knows
 * a customer's token reads their chat, so one that is plainly not random (43 × "A", a pattern,
 * hex) is refused rather than stored.
 */
const customerTokenSchema = patternText(CUSTOMER_TOKEN, 'validation.customer_token').refine(
  (s) => !CUSTOMER_TOKEN.test(s) || looksRandom(s),
  catalogueMessage('validation.customer_token_not_random'),
);

export const startChatBody = z
  .object({
    language: languageSchema,
    name: nameText()
      .max(100)
      .optional()
      .describe('How the customer wants to be addressed (optional); no control or text-direction characters'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .email()
      .max(254)
      .optional()
      .describe('So that staff can contact the customer (optional); nothing is sent to it automatically'),
    body: messageBodySchema.optional().describe('First message, if the customer already wrote one'),
    clientId: clientIdSchema.optional().describe('Client id of the first message, for idempotent retries'),
    page: pageContextBody
      .optional()
      .describe('The page the chat was opened on, for staff to see; shown as a link, never trusted for anything else'),
    customerToken: customerTokenSchema
      .optional()
      .describe(
        'A secret the client made itself (crypto-random), so that a retry of the same start — after a lost response or a reload — ' +
          'returns the same conversation and stores the first message once. Without it the server makes one.',
      ),
    entryPoint: entryPointSchema.optional(),
  })
  .refine((b) => !(b.customerToken && b.body !== undefined && b.clientId === undefined), {
    path: ['clientId'],
    ...catalogueMessage('validation.first_message_client_id'),
  });

export const startChatView = z.object({
  conversationId: z.string().uuid(),
  customerToken: z.string().describe('Secret proving the customer on the socket; keep it private'),
});

/** POST /public/libraries/:slug/chats/:id/leave: the customer ends the chat in the widget. */
export const leaveChatParams = slugParams.extend({ id: z.string().uuid() });
export const leaveChatBody = z.object({
  customerToken: z.string().min(20).max(100).describe('The token the chat was started with'),
});

export const customerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token: z.string().min(20).max(100),
    conversationId: z.string().uuid().optional(),
    lastSeq: seqNumber().default(0),
  }),
  z.object({ type: z.literal('send'), clientId: clientIdSchema, body: messageBodySchema }),
  z.object({
    type: z.literal('typing'),
    typing: z.boolean().optional().describe('false: stopped typing; absent or true: typing (again at most every 3 s)'),
  }),
  z.object({ type: z.literal('ping') }),
]);
export type CustomerFrame = z.infer<typeof customerFrame>;

/** The client id of a send frame, even of one that failed validation, so its error can name it. */
export function sendFrameClientId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { type, clientId } = raw as { type?: unknown; clientId?: unknown };
  if (type !== 'send') return undefined;
  const parsed = clientIdSchema.safeParse(clientId);
  return parsed.success ? parsed.data : undefined;
}
