// Answers at hand: whatever the reply box's picker can insert. Saved replies are the first
// provider; the instruction bank's articles plug in later as another, with no change to the
// picker (it asks every provider and lists their answers in groups).
import type { Language } from '../../contract/languages.js';
import type { PartialLocalized } from '../../contract/tags.js';
import type { MessageKey } from '../i18n.js';

/** One answer the picker offers. */
export interface Answer {
  /** Unique within its provider. */
  id: string;
  title: string;
  /** A word found first after "/" (saved replies), or null. */
  shortcut: string | null;
  /** The text per language; the picker inserts the conversation's, or falls back visibly. */
  text: PartialLocalized;
  /** A short hint shown after the title (e.g. "Library", "Own"), already translated; or ''. */
  hint: string;
}

export interface AnswerProvider {
  /** Stable id, e.g. "saved-replies", "instructions". */
  id: string;
  /** The group heading in the picker. */
  label: MessageKey;
  /** The best answers for `query` (may be '' for "the usual ones"), searching `language` first. */
  search(query: string, language: Language, signal: AbortSignal): Promise<Answer[]>;
}
