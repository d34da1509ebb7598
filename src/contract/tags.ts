// Topic tags as staff and API clients receive them: the library's list (admins keep it) and
// the tags set on a conversation.
import { z } from 'zod';

/** A text in some of the languages, at least one (a tag's name, a saved reply's body). */
export const partialLocalizedView = z
  .object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() })
  .describe('The text per language; a language may be missing');
export type PartialLocalized = z.infer<typeof partialLocalizedView>;

/** A tag as a conversation carries it. */
export const tagBriefView = z.object({
  id: z.string().uuid(),
  name: partialLocalizedView,
  active: z.boolean().describe('false: archived, no longer offered for new conversations'),
});
export type TagBriefView = z.infer<typeof tagBriefView>;

export const tagView = tagBriefView.extend({ createdAt: z.string(), updatedAt: z.string() });
export type TagView = z.infer<typeof tagView>;

/** GET /tags: every tag of the library (archived ones too) and whether resolving needs one. */
export const tagListView = z.object({
  items: z.array(tagView),
  requiredAtResolve: z.boolean().describe('true: a conversation is resolved only with at least one topic tag'),
});
export type TagListView = z.infer<typeof tagListView>;

export const tagSettingsView = z.object({ requiredAtResolve: z.boolean() });
