// Queues (teams) of a library, who belongs to them, the rules that route new conversations
// and the response targets, as the staff app and API clients receive them.
import { z } from 'zod';
import { channelKindSchema } from './conversations.js';
import { languageSchema } from './language-schemas.js';

/** A queue's name in the languages it has (at least one). */
export const queueNameView = z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() });
export type QueueName = z.infer<typeof queueNameView>;

export const queueTargetView = z.object({
  firstResponseMinutes: z.number().int().nullable().describe('Minutes of opening time to the first staff reply; null = no target'),
  resolutionMinutes: z.number().int().nullable().describe('Minutes of opening time to resolution; null = no target'),
});
export type QueueTarget = z.infer<typeof queueTargetView>;

export const queueView = z.object({
  id: z.string().uuid(),
  name: queueNameView,
  isDefault: z.boolean().describe('Where a new conversation goes when no routing rule matches'),
  deletedAt: z.string().nullable().describe('Set when the queue was deleted; kept so that history shows its name'),
  targets: z.partialRecord(channelKindSchema, queueTargetView).describe('Response targets per channel, counted over opening hours'),
  memberIds: z.array(z.string().uuid()).describe('Accounts that belong to the queue'),
  members: z
    .array(z.object({ id: z.string().uuid(), displayName: z.string(), active: z.boolean() }))
    .describe('The same accounts with their names (for choosing a colleague to transfer to)'),
  createdAt: z.string(),
});
export type QueueView = z.infer<typeof queueView>;

export const queueList = z.object({ items: z.array(queueView).describe('Active queues first (default first), then deleted ones') });

export const routingRuleView = z.object({
  id: z.string().uuid(),
  position: z.number().int().describe('Order of evaluation, from 1: the first rule that matches wins'),
  channel: channelKindSchema.nullable().describe('null = any channel'),
  language: languageSchema.nullable().describe('null = any language'),
  entryPoint: z.string().nullable().describe('The widget’s entry point (e.g. children); null = any'),
  queueId: z.string().uuid(),
});
export type RoutingRuleView = z.infer<typeof routingRuleView>;

export const routingRuleList = z.object({ items: z.array(routingRuleView) });
