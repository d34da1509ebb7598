// SQL for satisfaction surveys: one row per conversation, made when the question is first
// asked and answered at most once. Every query is scoped by the library.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, SatisfactionSurveysTable } from '../../platform/db/types.js';
import type { ChannelKind } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import { decodeCursor } from '../../platform/pagination.js';

export type SurveyRow = Selectable<SatisfactionSurveysTable>;

export interface NewSurvey {
  libraryId: string;
  conversationId: string;
  channel: ChannelKind;
  language: Language;
  queueId: string | null;
  scale: { min: number; max: number };
}

/**
 * The conversation's survey, made now if it has none. Idempotent: two app instances asking
 * at once make one row, and a survey asked before keeps the scale it was asked on.
 */
export async function ensureSurvey(db: Kysely<DB>, survey: NewSurvey): Promise<SurveyRow> {
  await db
    .insertInto('satisfaction_surveys')
    .values({
      library_id: survey.libraryId,
      conversation_id: survey.conversationId,
      channel: survey.channel,
      language: survey.language,
      queue_id: survey.queueId,
      scale_min: survey.scale.min,
      scale_max: survey.scale.max,
    })
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .execute();
  const row = await findSurvey(db, survey.libraryId, survey.conversationId);
  // Made or found just above; only an erasure in between removes it (with the conversation).
  if (!row) throw new Error('satisfaction survey vanished');
  return row;
}

export function findSurvey(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<SurveyRow | undefined> {
  return db
    .selectFrom('satisfaction_surveys')
    .selectAll()
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/**
 * Records the answer unless the survey is already answered; undefined when it was (a second
 * answer, or two sent at once: the later one finds the row answered).
 */
export function recordAnswer(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  answer: { score: number; comment: string | null; language: Language },
): Promise<SurveyRow | undefined> {
  return db
    .updateTable('satisfaction_surveys')
    .set({ score: answer.score, comment: answer.comment, language: answer.language, answered_at: sql<Date>`now()` })
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .where('answered_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface AnswerFilters {
  channel?: ChannelKind | undefined;
  queueId?: string | undefined;
  /** Answered at or after. */
  from?: Date | undefined;
  /** Answered before. */
  to?: Date | undefined;
}

export interface AnswerRow extends SurveyRow {
  answered_at: Date;
  customer_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
}

/** A page of answers, newest first (limit + 1 rows: the extra one tells that more follow). */
export async function listAnswers(
  db: Kysely<DB>,
  libraryId: string,
  filters: AnswerFilters & { limit: number; cursor?: string | undefined },
): Promise<AnswerRow[]> {
  let query = db
    .selectFrom('satisfaction_surveys as s')
    .innerJoin('conversations as c', 'c.id', 's.conversation_id')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('accounts as a', 'a.id', 'c.assignee_id')
    .selectAll('s')
    .select(['cu.name as customer_name', 'c.assignee_id as assignee_id', 'a.display_name as assignee_name'])
    .where('s.library_id', '=', libraryId)
    .where('s.answered_at', 'is not', null)
    .orderBy('s.answered_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(filters.limit + 1);
  if (filters.channel) query = query.where('s.channel', '=', filters.channel);
  if (filters.queueId) query = query.where('s.queue_id', '=', filters.queueId);
  if (filters.from) query = query.where('s.answered_at', '>=', filters.from);
  if (filters.to) query = query.where('s.answered_at', '<', filters.to);
  if (filters.cursor) {
    const { time, id } = decodeCursor(filters.cursor);
    query = query.where((eb) => eb.or([eb('s.answered_at', '<', time), eb.and([eb('s.answered_at', '=', time), eb('s.id', '<', id)])]));
  }
  return (await query.execute()) as AnswerRow[];
}

/** How many surveys were asked (by offered_at) in the filter's period. */
export async function countOffered(db: Kysely<DB>, libraryId: string, filters: AnswerFilters): Promise<number> {
  let query = db
    .selectFrom('satisfaction_surveys')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('library_id', '=', libraryId);
  if (filters.channel) query = query.where('channel', '=', filters.channel);
  if (filters.queueId) query = query.where('queue_id', '=', filters.queueId);
  if (filters.from) query = query.where('offered_at', '>=', filters.from);
  if (filters.to) query = query.where('offered_at', '<', filters.to);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Answers in the period counted by scale and score. */
export async function countScores(
  db: Kysely<DB>,
  libraryId: string,
  filters: AnswerFilters,
): Promise<{ min: number; max: number; score: number; count: number }[]> {
  let query = db
    .selectFrom('satisfaction_surveys')
    .select(['scale_min', 'scale_max', 'score'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('library_id', '=', libraryId)
    .where('answered_at', 'is not', null)
    .groupBy(['scale_min', 'scale_max', 'score']);
  if (filters.channel) query = query.where('channel', '=', filters.channel);
  if (filters.queueId) query = query.where('queue_id', '=', filters.queueId);
  if (filters.from) query = query.where('answered_at', '>=', filters.from);
  if (filters.to) query = query.where('answered_at', '<', filters.to);
  const rows = await query.execute();
  return rows.map((r) => ({ min: r.scale_min, max: r.scale_max, score: r.score ?? r.scale_min, count: Number(r.n) }));
}
