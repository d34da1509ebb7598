// Calls of the saved-replies and topic-tag endpoints (docs/api.md).
import { call, type Conversation } from '../api.js';
import type { Language } from '../../contract/languages.js';
import type { SavedReplyScope, SavedReplyView } from '../../contract/saved-replies.js';
import type { PartialLocalized, TagListView, TagView } from '../../contract/tags.js';

export type SavedReply = SavedReplyView;
export type Tag = TagView;

export interface SavedReplyInput {
  scope?: SavedReplyScope;
  title: string;
  shortcut: string | null;
  body: PartialLocalized;
  keywords: string[];
}

export const repliesApi = {
  list: (query: { q?: string; language?: Language; scope?: SavedReplyScope } = {}) => {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
    const search = params.toString();
    return call<{ items: SavedReply[] }>('GET', `/saved-replies${search ? `?${search}` : ''}`);
  },
  create: (input: SavedReplyInput) => call<SavedReply>('POST', '/saved-replies', input),
  update: (id: string, input: Omit<SavedReplyInput, 'scope'>) => call<SavedReply>('PATCH', `/saved-replies/${id}`, input),
  remove: (id: string) => call<void>('DELETE', `/saved-replies/${id}`),
};

export const tagsApi = {
  list: () => call<TagListView>('GET', '/tags'),
  create: (name: PartialLocalized) => call<Tag>('POST', '/tags', { name }),
  update: (id: string, changes: { name?: PartialLocalized; active?: boolean }) => call<Tag>('PATCH', `/tags/${id}`, changes),
  settings: (requiredAtResolve: boolean) => call<{ requiredAtResolve: boolean }>('PATCH', '/tag-settings', { requiredAtResolve }),
  setOnConversation: (conversationId: string, tagIds: string[]) =>
    call<Conversation>('PUT', `/conversations/${conversationId}/tags`, { tagIds }),
};
