// Saved replies as the staff app receives them: the library's (kept by admins and
// supervisors) and the signed-in staff member's own.
import { z } from 'zod';
import { partialLocalizedView } from './tags.js';

export const savedReplyScopes = ['library', 'personal'] as const;
export type SavedReplyScope = (typeof savedReplyScopes)[number];
export const savedReplyScopeSchema = z
  .enum(savedReplyScopes)
  .describe('library: every staff member sees it, admins and supervisors keep it; personal: only its owner sees it');

export const savedReplyView = z.object({
  id: z.string().uuid(),
  scope: savedReplyScopeSchema,
  title: z.string(),
  shortcut: z.string().nullable().describe('A word to find it by after "/" in the reply box'),
  body: partialLocalizedView.describe('The text per language (at least one); placeholders such as {customer.name} in it'),
  keywords: z.array(z.string()).describe('Words that help finding it'),
  canEdit: z.boolean().describe('Whether the caller may change or delete it'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedReplyView = z.infer<typeof savedReplyView>;

export const savedReplyList = z.object({ items: z.array(savedReplyView) });
