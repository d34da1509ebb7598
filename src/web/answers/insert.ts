// What an answer becomes in the reply box: its text in the conversation's language (or, when
// it has none, the first of the others, said aloud and on screen), placeholders filled in.
import { fillPlaceholders, type PlaceholderName } from '../../contract/placeholders.js';
import { languages, type Language } from '../../contract/languages.js';
import type { PartialLocalized } from '../../contract/tags.js';

export interface ChosenText {
  text: string;
  language: Language;
  /** True when the text is not in the wanted language. */
  fallback: boolean;
}

/** The text in `wanted`, else in `preferred` (the staff member's own), else in the first language it has. */
export function chooseText(text: PartialLocalized, wanted: Language, preferred: Language): ChosenText | null {
  for (const language of [wanted, preferred, ...languages]) {
    const value = text[language];
    if (value) return { text: value, language, fallback: language !== wanted };
  }
  return null;
}

export function fillAnswer(text: string, values: Partial<Record<PlaceholderName, string | null>>): string {
  return fillPlaceholders(text, values);
}

/** The reply box's text with `inserted` at the caret (replacing a selection); and the caret after it. */
export function insertAt(body: string, inserted: string, start: number, end: number): { body: string; caret: number } {
  const before = body.slice(0, start);
  const after = body.slice(end);
  const next = `${before}${inserted}${after}`;
  return { body: next, caret: before.length + inserted.length };
}
