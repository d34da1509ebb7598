// The requests of the satisfaction survey; what comes back is in src/contract/satisfaction.ts.
import { z } from 'zod';
import { storableText } from '../../platform/schemas.js';
import { patternText } from '../../platform/pattern-text.js';
import { channelKindSchema } from '../../contract/conversations.js';
import { languageSchema } from '../../contract/language-schemas.js';
import { SATISFACTION_COMMENT_MAX } from '../../contract/satisfaction.js';

export const surveyParams = z.object({ conversationId: z.string().uuid().describe('The conversation asked about') });

/** POST /public/chats/:conversationId/satisfaction: the customer's answer. */
export const answerSurveyBody = z.strictObject({
  customerToken: patternText(/^[A-Za-z0-9_-]{43,100}$/, 'validation.customer_token').describe(
    'The widget’s customer token (from POST /public/libraries/:slug/chats): proves the conversation is the caller’s',
  ),
  score: z.number().int().min(0).max(10).describe('A score on the scale offered (the `survey` frame); outside it: 400'),
  comment: storableText()
    .max(SATISFACTION_COMMENT_MAX)
    .optional()
    .describe(`Optional free text, at most ${SATISFACTION_COMMENT_MAX} characters; empty is no comment`),
  language: languageSchema.optional().describe('The language the question was shown in (default: the conversation’s)'),
});

/** Filters of the Satisfaction screen: each narrows the answers (and the summary) further. */
export const answerFilterQuery = z.object({
  channel: channelKindSchema.optional(),
  queue: z.string().uuid().optional().describe('Only answers about conversations of this queue'),
  from: z.iso.datetime({ offset: true }).optional().describe('Answered at or after this time (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Answered before this time (ISO 8601)'),
});

export const listAnswersQuery = answerFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/** The store's filters from a query. */
export function answerFilters(query: z.infer<typeof answerFilterQuery>) {
  return {
    channel: query.channel,
    queueId: query.queue,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
}
