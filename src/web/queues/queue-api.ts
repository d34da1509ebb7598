// Calls of the queue endpoints (src/domains/queues/routes.ts) and the transfer.
import { api, type Conversation } from '../api.js';
import type { QueueName, QueueTarget, QueueView, RoutingRuleView } from '../../contract/queues.js';
import type { ChannelKind } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';

export type RoutingRule = RoutingRuleView;
export interface RuleInput {
  channel: ChannelKind | null;
  language: Language | null;
  entryPoint: string | null;
  queueId: string;
}
export type Targets = Partial<Record<ChannelKind, QueueTarget>>;

const call = api.raw;

export const queueApi = {
  queues: () => call<{ items: QueueView[] }>('GET', '/queues'),
  createQueue: (input: { name: QueueName; targets: Targets }) => call<QueueView>('POST', '/queues', input),
  updateQueue: (id: string, changes: { name?: QueueName; targets?: Targets; isDefault?: true }) =>
    call<QueueView>('PATCH', `/queues/${id}`, changes),
  deleteQueue: (id: string) => call<QueueView>('DELETE', `/queues/${id}`),
  setMembers: (id: string, accountIds: string[]) => call<QueueView>('PUT', `/queues/${id}/members`, { accountIds }),
  rules: () => call<{ items: RoutingRule[] }>('GET', '/routing-rules'),
  setRules: (rules: RuleInput[]) => call<{ items: RoutingRule[] }>('PUT', '/routing-rules', { rules }),
  transfer: (id: string, to: { accountId: string } | { queueId: string }, note: string) =>
    call<Conversation>('POST', `/conversations/${id}/transfer`, { ...to, ...(note.trim() ? { note } : {}) }),
};
