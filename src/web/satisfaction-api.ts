// The staff app's calls on satisfaction (CSAT), kept beside api.ts so that screen stays in its own files.
import type { ChannelKind } from '../contract/kinds.js';
import type { ConversationSatisfactionView, SatisfactionAnswerPage, SatisfactionSummaryView } from '../contract/satisfaction.js';
import { call } from './api.js';

export type SatisfactionPage = SatisfactionAnswerPage;
export type SatisfactionSummary = SatisfactionSummaryView;
export type ConversationSatisfaction = ConversationSatisfactionView;

export interface SatisfactionFilters {
  channel: ChannelKind | '';
  /** Days back from now; 0 = all time. */
  days: number;
}

/** The query string of the filters (answered since `days` ago, in the given channel). */
export function satisfactionQuery(filters: SatisfactionFilters, now = new Date()): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.channel) query.set('channel', filters.channel);
  if (filters.days > 0) query.set('from', new Date(now.getTime() - filters.days * 86_400_000).toISOString());
  return query;
}

export const satisfactionApi = {
  answers: (query: URLSearchParams, cursor?: string | null) => {
    const q = new URLSearchParams(query);
    if (cursor) q.set('cursor', cursor);
    return call<SatisfactionPage>('GET', `/satisfaction/answers?${q.toString()}`);
  },
  summary: (query: URLSearchParams) => call<SatisfactionSummary>('GET', `/satisfaction/summary?${query.toString()}`),
  ofConversation: (id: string) => call<ConversationSatisfaction>('GET', `/conversations/${id}/satisfaction`),
};
