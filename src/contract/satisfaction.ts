// Customer satisfaction (CSAT) as the widget and the staff app receive it: the question put to
// the customer after a conversation is resolved, a conversation's answer, the answers of the
// library and their summary.
import { z } from 'zod';
import { channelKindSchema } from './conversations.js';
import { languageSchema } from './language-schemas.js';

/** The scale answered on, e.g. 1–5 (the default), 1–3 or 0–10. */
export const satisfactionScaleView = z.object({
  min: z.number().int().describe('Lowest score: 0 or 1'),
  max: z.number().int().describe('Highest score: 2–10'),
});
export type SatisfactionScaleView = z.infer<typeof satisfactionScaleView>;

/** The library's own wording of the question per language; a language left out uses the default wording. */
export const satisfactionQuestionView = z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() });

/** The survey offered to the customer (the chat socket's `survey` frame). */
export const surveyOfferView = z.object({
  conversationId: z.string().uuid(),
  scale: satisfactionScaleView,
  question: satisfactionQuestionView,
});
export type SurveyOfferView = z.infer<typeof surveyOfferView>;

/** The longest comment a customer may leave with a score. */
export const SATISFACTION_COMMENT_MAX = 2000;

/** POST /public/chats/:conversationId/satisfaction answers 201 with this. */
export const surveyAnswerView = z.object({
  conversationId: z.string().uuid(),
  score: z.number().int(),
  answeredAt: z.string(),
});

/** One answer as supervisors and admins see it on the Satisfaction screen. */
export const satisfactionAnswerView = z.object({
  conversationId: z.string().uuid(),
  channel: channelKindSchema,
  language: languageSchema.describe('The language the customer answered in'),
  queueId: z.string().uuid().nullable().describe('The conversation’s queue when asked'),
  scale: satisfactionScaleView,
  score: z.number().int(),
  comment: z.string().nullable(),
  customer: z.object({ name: z.string().nullable() }),
  assignee: z.object({ id: z.string().uuid(), displayName: z.string() }).nullable().describe('Who holds the conversation now'),
  offeredAt: z.string(),
  answeredAt: z.string(),
});
export type SatisfactionAnswerView = z.infer<typeof satisfactionAnswerView>;

export const satisfactionAnswerPage = z.object({ items: z.array(satisfactionAnswerView), nextCursor: z.string().nullable() });
export type SatisfactionAnswerPage = z.infer<typeof satisfactionAnswerPage>;

/** Answers on one scale: how many, their average and how many gave each score. */
export const satisfactionScaleSummary = z.object({
  scale: satisfactionScaleView,
  answered: z.number().int(),
  average: z.number().describe('Mean score on this scale'),
  distribution: z.array(z.object({ score: z.number().int(), count: z.number().int() })).describe('Every score of the scale, lowest first'),
});
export type SatisfactionScaleSummary = z.infer<typeof satisfactionScaleSummary>;

/**
 * The answers matching a filter, summarised. Answers given on different scales (the library
 * changed its scale) are never averaged together: one entry per scale, the most answered first.
 */
export const satisfactionSummaryView = z.object({
  offered: z.number().int().describe('Surveys put to customers in the period'),
  answered: z.number().int().describe('Answers given in the period'),
  scales: z.array(satisfactionScaleSummary),
});
export type SatisfactionSummaryView = z.infer<typeof satisfactionSummaryView>;

/** GET /conversations/:id/satisfaction: whether the customer was asked, and their answer. */
export const conversationSatisfactionView = z.object({
  status: z.enum(['not_offered', 'offered', 'answered']).describe('not_offered: never asked; offered: asked, no answer yet; answered'),
  scale: satisfactionScaleView.nullable(),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  offeredAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type ConversationSatisfactionView = z.infer<typeof conversationSatisfactionView>;
