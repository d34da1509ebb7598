// Rules of the satisfaction survey (CSAT). A resolved conversation's customer is asked one
// question on the library's scale, with an optional comment; the survey is recorded when it
// is first put to them (surveyToOffer) and answered at most once: a second answer is refused
// (409 conflict, reason satisfaction_answered), never merged. A conversation re-opened and
// resolved again is asked again only while unanswered. Channel-neutral: chat offers it over
// the widget's socket (survey-offers.ts) and checks the customer's token; another channel
// asks its own way and calls the same two functions.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import { AppError } from '../../platform/errors.js';
import { translations } from '../../platform/i18n.js';
import type { StaffContext } from '../../platform/auth/sessions.js';
import { keysetPage } from '../../platform/pagination.js';
import type { Language } from '../../contract/languages.js';
import type {
  ConversationSatisfactionView,
  SatisfactionAnswerPage,
  SatisfactionScaleSummary,
  SatisfactionSummaryView,
  SurveyOfferView,
} from '../../contract/satisfaction.js';
import { findCustomerChat, getConversation } from '../conversations/service.js';
import { getLibrary } from '../libraries/service.js';
import * as store from './store.js';

/**
 * The survey to put to the customer now, recording it as offered; null when there is none to
 * ask: the conversation is not resolved (or is gone), the library does not ask, or the
 * customer has answered. `seq` is the conversation's last seq (frames carry it).
 */
export async function surveyToOffer(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
): Promise<{ seq: number; survey: SurveyOfferView } | null> {
  const conversation = await getConversation(db, libraryId, conversationId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (conversation?.status !== 'resolved') return null;
  const { satisfaction } = (await getLibrary(db, libraryId)).settings;
  if (!satisfaction.enabled) return null;
  const row = await store.ensureSurvey(db, {
    libraryId,
    conversationId,
    channel: conversation.channel,
    language: conversation.language,
    queueId: conversation.queueId,
    scale: satisfaction.scale,
  });
  if (row.answered_at) return null;
  return {
    seq: conversation.lastSeq,
    survey: { conversationId, scale: { min: row.scale_min, max: row.scale_max }, question: satisfaction.question },
  };
}

export interface SurveyAnswer {
  libraryId: string;
  conversationId: string;
  /** The customer answering, who must own the conversation (else not_found). */
  customerId: string;
  score: number;
  comment: string | null;
  /** The language the customer saw the question in; null: the one it was asked in. */
  language: Language | null;
}

const notOffered = () => new AppError('conflict', { reason: 'satisfaction_not_offered' });
const answered = () => new AppError('conflict', { reason: 'satisfaction_answered' });

/** Records the customer's answer to the survey they were offered. */
export async function answerSurvey(
  db: Kysely<DB>,
  input: SurveyAnswer,
): Promise<{ conversationId: string; score: number; answeredAt: string }> {
  const chat = await findCustomerChat(db, input.libraryId, input.customerId, input.conversationId);
  if (!chat) throw new AppError('not_found', { what: 'conversation' });
  const survey = await store.findSurvey(db, input.libraryId, input.conversationId);
  if (survey?.answered_at) throw answered();
  // Never asked, or re-opened since: the question is not on the table.
  if (!survey || chat.status !== 'resolved') throw notOffered();
  if (input.score < survey.scale_min || input.score > survey.scale_max) {
    const message = translations('validation.satisfaction_score', { min: survey.scale_min, max: survey.scale_max });
    throw new AppError('validation_failed', { issues: [{ path: 'body.score', message }] });
  }
  const comment = input.comment?.trim() || null;
  const row = await store.recordAnswer(db, input.libraryId, input.conversationId, {
    score: input.score,
    comment,
    language: input.language ?? survey.language,
  });
  // Answered by another request meanwhile.
  if (!row?.answered_at || row.score === null) throw answered();
  return { conversationId: row.conversation_id, score: row.score, answeredAt: row.answered_at.toISOString() };
}

/** Only supervisors and admins read the answers of everyone's conversations. */
export const readsAllAnswers = (staff: StaffContext): boolean => staff.role === 'supervisor' || staff.role === 'admin';

/**
 * Whether the conversation's customer was asked, and their answer. Supervisors and admins see
 * any conversation's; staff their own (assigned to them), else 403 forbidden.
 */
export async function conversationSatisfaction(
  db: Kysely<DB>,
  staff: StaffContext,
  conversationId: string,
): Promise<ConversationSatisfactionView> {
  const conversation = await getConversation(db, staff.libraryId, conversationId);
  if (!readsAllAnswers(staff) && conversation.assignee?.id !== staff.accountId) throw new AppError('forbidden', { reason: 'satisfaction' });
  const row = await store.findSurvey(db, staff.libraryId, conversationId);
  if (!row) return { status: 'not_offered', scale: null, score: null, comment: null, offeredAt: null, answeredAt: null };
  return {
    status: row.answered_at ? 'answered' : 'offered',
    scale: { min: row.scale_min, max: row.scale_max },
    score: row.score,
    comment: row.comment,
    offeredAt: row.offered_at.toISOString(),
    answeredAt: row.answered_at?.toISOString() ?? null,
  };
}

export type AnswerFilters = store.AnswerFilters;

/** A page of the library's answers, newest first. */
export async function listAnswerPage(
  db: Kysely<DB>,
  libraryId: string,
  filters: AnswerFilters & { limit: number; cursor?: string | undefined },
): Promise<SatisfactionAnswerPage> {
  const rows = await store.listAnswers(db, libraryId, filters);
  const page = keysetPage(rows, filters.limit, (row) => row.answered_at);
  return {
    items: page.rows.map((row) => ({
      conversationId: row.conversation_id,
      channel: row.channel,
      language: row.language,
      queueId: row.queue_id,
      scale: { min: row.scale_min, max: row.scale_max },
      score: row.score ?? row.scale_min,
      comment: row.comment,
      customer: { name: row.customer_name },
      assignee: row.assignee_id && row.assignee_name ? { id: row.assignee_id, displayName: row.assignee_name } : null,
      offeredAt: row.offered_at.toISOString(),
      answeredAt: row.answered_at.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

/** How many were asked and answered in the period, and per scale the average and every score's count. */
export async function summarise(db: Kysely<DB>, libraryId: string, filters: AnswerFilters): Promise<SatisfactionSummaryView> {
  const [offered, counts] = await Promise.all([store.countOffered(db, libraryId, filters), store.countScores(db, libraryId, filters)]);
  const scales = new Map<string, SatisfactionScaleSummary>();
  for (const { min, max, score, count } of counts) {
    const key = `${min}-${max}`;
    let summary = scales.get(key);
    if (!summary) {
      const distribution = Array.from({ length: max - min + 1 }, (_, i) => ({ score: min + i, count: 0 }));
      summary = { scale: { min, max }, answered: 0, average: 0, distribution };
      scales.set(key, summary);
    }
    const slot = summary.distribution[score - min];
    if (slot) slot.count += count;
    summary.answered += count;
  }
  for (const summary of scales.values()) {
    const total = summary.distribution.reduce((sum, { score, count }) => sum + score * count, 0);
    summary.average = summary.answered > 0 ? Math.round((total / summary.answered) * 100) / 100 : 0;
  }
  const list = [...scales.values()].sort((a, b) => b.answered - a.answered);
  return { offered, answered: list.reduce((sum, s) => sum + s.answered, 0), scales: list };
}
