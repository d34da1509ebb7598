// Requests of the queue, routing-rule and transfer endpoints; what comes back is in
// src/contract/queues.ts. Also the widget's entry point, which the chat start accepts.
import { z } from 'zod';
import { catalogueMessage, nameText } from '../../platform/schemas.js';
import { patternText } from '../../platform/pattern-text.js';
import { channelKindSchema } from '../../contract/conversations.js';
import { languageSchema } from '../../contract/language-schemas.js';
import { messageBodySchema } from '../conversations/schema.js';

/** Longest target: 30 days of opening time, in minutes. */
export const MAX_TARGET_MINUTES = 30 * 24 * 60;

/** Where on the library's site a chat was started (a widget attribute), e.g. `children`. */
export const entryPointSchema = patternText(/^[a-z0-9-]{1,64}$/, 'validation.entry_point').describe(
  'Where the chat was started (set on the widget), 1–64 characters a–z, 0–9 and -; routing rules can match it',
);

const nameInLanguage = nameText().min(1).max(100);

/** A queue's name in one or more languages; a language left out shows the name in another. */
export const queueNameSchema = z
  .strictObject({ fi: nameInLanguage.optional(), sv: nameInLanguage.optional(), en: nameInLanguage.optional() })
  .refine((v) => Object.values(v).some((text) => text !== undefined), catalogueMessage('validation.text_one_language'))
  .describe('Name per language (fi, sv, en), at least one');

const minutes = z.number().int().min(1).max(MAX_TARGET_MINUTES).nullable();

export const queueTargetSchema = z
  .strictObject({
    firstResponseMinutes: minutes.default(null).describe('Minutes of opening time to the first staff reply; null = no target'),
    resolutionMinutes: minutes.default(null).describe('Minutes of opening time to resolution; null = no target'),
  })
  .refine((t) => t.firstResponseMinutes === null || t.resolutionMinutes === null || t.firstResponseMinutes <= t.resolutionMinutes, {
    ...catalogueMessage('validation.target_order'),
    path: ['resolutionMinutes'],
  });

const targetsSchema = z
  .partialRecord(channelKindSchema, queueTargetSchema)
  .describe('Targets per channel; a channel left out has none. Replaces the stored targets.');

export const createQueueBody = z.strictObject({
  name: queueNameSchema,
  targets: targetsSchema.default({}),
  isDefault: z.boolean().default(false).describe('true makes it the default queue (the previous default stops being one)'),
});

export const updateQueueBody = z
  .strictObject({
    name: queueNameSchema.optional(),
    targets: targetsSchema.optional(),
    isDefault: z.literal(true).optional().describe('true makes it the default queue; to change the default, make another one default'),
  })
  .refine((v) => Object.keys(v).length > 0, catalogueMessage('validation.no_changes'));

export const queueParams = z.object({ id: z.string().uuid().describe('Queue id') });

export const membersBody = z.strictObject({
  accountIds: z
    .array(z.string().uuid())
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, catalogueMessage('validation.duplicate_ids'))
    .describe('Every member of the queue (replaces the list): active staff accounts of the library'),
});

export const routingRuleSchema = z.strictObject({
  channel: channelKindSchema.nullable().default(null).describe('null = any channel'),
  language: languageSchema.nullable().default(null).describe('null = any language'),
  entryPoint: entryPointSchema.nullable().default(null).describe('null = any entry point'),
  queueId: z.string().uuid().describe('An active queue of the library'),
});

export const routingRulesBody = z.strictObject({
  rules: z.array(routingRuleSchema).max(100).describe('Every rule, in order of evaluation (replaces the list): the first match wins'),
});

export const transferBody = z
  .strictObject({
    accountId: z.string().uuid().optional().describe('Give it to this colleague (active, of this library)'),
    queueId: z.string().uuid().optional().describe('Or move it to this queue, unassigned'),
    note: messageBodySchema.optional().describe('For the colleague or queue: stored as an internal note'),
  })
  .refine((b) => (b.accountId === undefined) !== (b.queueId === undefined), catalogueMessage('validation.transfer_target'));
export type TransferBody = z.infer<typeof transferBody>;
