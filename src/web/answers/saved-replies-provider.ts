// Saved replies (the library's and one's own) as answers for the reply box's picker.
import type { Language } from '../../contract/languages.js';
import type { I18n } from '../i18n.js';
import type { Answer, AnswerProvider } from './provider.js';
import { repliesApi } from './saved-replies-api.js';

export function savedRepliesProvider(t: I18n['t']): AnswerProvider {
  return {
    id: 'saved-replies',
    label: 'replies.pickerGroup',
    async search(query: string, language: Language): Promise<Answer[]> {
      const { items } = await repliesApi.list({ q: query, language });
      return items.map((r) => ({
        id: r.id,
        title: r.title,
        shortcut: r.shortcut,
        text: r.body,
        hint: r.scope === 'library' ? t('replies.scopeLibrary') : t('replies.scopePersonal'),
      }));
    },
  };
}
