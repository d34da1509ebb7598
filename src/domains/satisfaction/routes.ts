// Satisfaction (CSAT): the customer's answer (public, proved by the chat widget's token), a
// conversation's answer in the staff app, and the library's answers with their summary for
// supervisors and admins.
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import { rateLimitPerMinute } from '../../platform/http/rate-limit.js';
import { hashToken } from '../../platform/auth/tokens.js';
import { AppError } from '../../platform/errors.js';
import {
  conversationSatisfactionView,
  satisfactionAnswerPage,
  satisfactionSummaryView,
  surveyAnswerView,
} from '../../contract/satisfaction.js';
import { conversationParams } from '../conversations/schema.js';
import { customerByWidgetToken } from '../customers/service.js';
import { answerFilterQuery, answerFilters, answerSurveyBody, listAnswersQuery, surveyParams } from './schema.js';
import { answerSurvey, conversationSatisfaction, listAnswerPage, summarise } from './service.js';

const tags = ['satisfaction'];

export async function satisfactionRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;

  app.post(
    '/public/chats/:conversationId/satisfaction',
    {
      config: rateLimitPerMinute(deps.config.publicRateLimit),
      schema: {
        tags: ['public'],
        operationId: 'answerSatisfactionSurvey',
        summary:
          'The customer’s answer to the satisfaction question of their resolved chat (once: a second answer is 409 conflict, ' +
          'reason satisfaction_answered; before it was asked, reason satisfaction_not_offered)',
        params: surveyParams,
        body: answerSurveyBody,
        response: { 201: surveyAnswerView },
      },
    },
    async (request, reply) => {
      const { customerToken, score, comment, language } = request.body;
      const customer = await customerByWidgetToken(db, hashToken(customerToken));
      if (!customer) throw new AppError('unauthenticated');
      const { conversationId } = request.params;
      const answer = await answerSurvey(db, {
        libraryId: customer.libraryId,
        conversationId,
        customerId: customer.id,
        score,
        comment: comment ?? null,
        language: language ?? null,
      });
      return reply.status(201).send(answer);
    },
  );

  app.get(
    '/conversations/:id/satisfaction',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        operationId: 'getConversationSatisfaction',
        summary: 'Whether the customer was asked, and their answer (staff: their own conversations; supervisors and admins: any)',
        params: conversationParams,
        response: { 200: conversationSatisfactionView },
      },
    },
    async (request) => conversationSatisfaction(db, staffOf(request), request.params.id),
  );

  app.get(
    '/satisfaction/answers',
    {
      preHandler: requireStaff('supervisor', 'admin'),
      schema: {
        tags,
        operationId: 'listSatisfactionAnswers',
        summary: 'The customers’ answers with their comments, newest first',
        querystring: listAnswersQuery,
        response: { 200: satisfactionAnswerPage },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return listAnswerPage(db, staffOf(request).libraryId, { ...answerFilters(filters), limit, cursor });
    },
  );

  app.get(
    '/satisfaction/summary',
    {
      preHandler: requireStaff('supervisor', 'admin'),
      schema: {
        tags,
        operationId: 'getSatisfactionSummary',
        summary: 'How many were asked and answered, and per scale the average and how many gave each score',
        querystring: answerFilterQuery,
        response: { 200: satisfactionSummaryView },
      },
    },
    async (request) => summarise(db, staffOf(request).libraryId, answerFilters(request.query)),
  );
}
