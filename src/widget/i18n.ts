// The widget's messages from the shared catalogue (src/i18n/<lang>/widget.json), formatted
// with a few lines instead of a full ICU library to keep the bundle small: `{name}`
// placeholders only; plural choices are separate keys picked with Intl.PluralRules.
import fi from '../i18n/fi/widget.json';
import sv from '../i18n/sv/widget.json';
import en from '../i18n/en/widget.json';
import type { Language } from '../contract/languages.js';

export const languageNames: Record<Language, string> = { fi: 'suomi', sv: 'svenska', en: 'English' };

type Catalogue = typeof en;
export type MessageKey = keyof Catalogue;
const catalogues: Record<Language, Catalogue> = { fi, sv, en };

export function isLanguage(value: unknown): value is Language {
  return value === 'fi' || value === 'sv' || value === 'en';
}

export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = catalogues[language][key] ?? catalogues.en[key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/**
 * Like translate(), but values may be templates (a link): returns the text around them and
 * the values themselves, in order, for Lit to render as parts.
 */
export function translateParts(language: Language, key: MessageKey, values: Record<string, unknown>): unknown[] {
  const template = catalogues[language][key] ?? catalogues.en[key];
  return template.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 1 ? (values[part] ?? '') : part));
}

/** Picks `<key>.one` / `<key>.other` by the language's plural rules. */
export function plural(language: Language, key: 'status.online', count: number): string {
  const category = new Intl.PluralRules(language).select(count) === 'one' ? 'one' : 'other';
  return translate(language, `${key}.${category}`, { count });
}

export function preferredLanguage(attribute: string | null, navigatorLanguage: string | undefined): Language {
  if (isLanguage(attribute)) return attribute;
  const base = (navigatorLanguage ?? '').slice(0, 2).toLowerCase();
  return isLanguage(base) ? base : 'fi';
}
