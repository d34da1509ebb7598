// Requests on topic tags; what comes back is in src/contract/tags.ts.
import { z } from 'zod';
import { catalogueMessage, nameText } from '../../platform/schemas.js';

/** Longest tag name in one language, in characters. */
export const MAX_TAG_NAME_LENGTH = 60;

const tagNameText = nameText().min(1).max(MAX_TAG_NAME_LENGTH);

/** A tag's name in the languages given, at least one (the others show the first one given). */
export const tagNameSchema = z
  .strictObject({ fi: tagNameText.optional(), sv: tagNameText.optional(), en: tagNameText.optional() })
  .refine((v) => Object.values(v).some((text) => text !== undefined), catalogueMessage('validation.text_one_language'))
  .describe('Name per language (fi, sv, en), at least one');

export const createTagBody = z.object({ name: tagNameSchema });

export const updateTagBody = z
  .object({
    name: tagNameSchema.optional().describe('Replaces the whole name (every language)'),
    active: z.boolean().optional().describe('false archives the tag: kept on past conversations, no longer offered'),
  })
  .refine((v) => v.name !== undefined || v.active !== undefined, catalogueMessage('validation.no_changes'));

export const tagParams = z.object({ id: z.string().uuid().describe('Tag id') });

export const tagSettingsBody = z.object({
  requiredAtResolve: z.boolean().describe('true: a conversation is resolved only with at least one topic tag'),
});

/** Most tags one conversation may carry. */
export const MAX_TAGS_PER_CONVERSATION = 20;

export const conversationTagsBody = z.object({
  tagIds: z
    .array(z.string().uuid())
    .max(MAX_TAGS_PER_CONVERSATION)
    .describe('Every tag the conversation should have (replaces the set); archived tags it already has may stay'),
});
