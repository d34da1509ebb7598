// Requests on saved replies; what comes back is in src/contract/saved-replies.ts.
import { z } from 'zod';
import { catalogueMessage, nameText, storableText } from '../../platform/schemas.js';
import { patternText } from '../../platform/pattern-text.js';
import { t } from '../../platform/i18n.js';
import { knownPlaceholderList, unknownPlaceholders } from '../../contract/placeholders.js';
import { languageSchema } from '../../contract/language-schemas.js';
import { savedReplyScopeSchema } from '../../contract/saved-replies.js';
import { MAX_MESSAGE_LENGTH } from '../conversations/schema.js';

/** How many saved replies a search answers at most. */
export const SEARCH_LIMIT = 20;

const title = nameText().min(1).max(80).describe('Short title, shown in the picker');

const shortcut = patternText(/^[a-z0-9åäö][a-z0-9åäö_-]{0,29}$/, 'validation.shortcut').describe(
  'One word (lowercase letters, digits, - and _; at most 30) found first after "/" in the reply box',
);

/** One language of a reply: not empty, and only the placeholders Kanava can fill in. */
const replyText = storableText()
  .max(MAX_MESSAGE_LENGTH)
  .superRefine((text, ctx) => {
    if (!text.trim()) ctx.addIssue({ code: 'custom', ...catalogueMessage('validation.message_empty') });
    for (const placeholder of unknownPlaceholders(text)) {
      const params = { i18n: 'validation.placeholder_unknown', placeholder, known: knownPlaceholderList() };
      ctx.addIssue({ code: 'custom', message: t('en', params.i18n, params), params });
    }
  });

const replyBodySchema = z
  .strictObject({ fi: replyText.optional(), sv: replyText.optional(), en: replyText.optional() })
  .refine((v) => Object.values(v).some((text) => text !== undefined), catalogueMessage('validation.text_one_language'))
  .describe(
    'The text per language (fi, sv, en), at least one; placeholders: {customer.name}, {customer.email}, {staff.name}, {library.name}',
  );

const keywords = z.array(nameText().min(1).max(40)).max(10).describe('Words that help finding it (at most 10)');

export const createSavedReplyBody = z.object({
  scope: savedReplyScopeSchema.default('personal'),
  title,
  shortcut: shortcut.nullable().optional(),
  body: replyBodySchema,
  keywords: keywords.default([]),
});

export const updateSavedReplyBody = z
  .object({
    title: title.optional(),
    shortcut: shortcut.nullable().optional().describe('null removes it'),
    body: replyBodySchema.optional().describe('Replaces every language'),
    keywords: keywords.optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), catalogueMessage('validation.no_changes'));

export const savedReplyParams = z.object({ id: z.string().uuid().describe('Saved reply id') });

export const listSavedRepliesQuery = z.object({
  q: storableText().max(100).optional().describe('Search the title, shortcut, keywords and text; the best matches first'),
  language: languageSchema.optional().describe('The language searched first (the conversation’s); replies with a text in it come first'),
  scope: savedReplyScopeSchema.optional().describe('Only the library’s or only your own'),
});
