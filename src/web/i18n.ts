// The staff app's messages (src/i18n/<lang>/staff.json), ICU-formatted, and the chosen
// language remembered on this device.
import { createContext, useContext } from 'react';
import { IntlMessageFormat } from 'intl-messageformat';
import fi from '../i18n/fi/staff.json';
import sv from '../i18n/sv/staff.json';
import en from '../i18n/en/staff.json';
import type { Language } from '../contract/languages.js';

export type MessageKey = keyof typeof en;
const catalogues: Record<Language, Record<MessageKey, string>> = { fi, sv, en };
const cache = new Map<string, IntlMessageFormat>();

export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  const id = `${language}:${key}`;
  let format = cache.get(id);
  if (!format) {
    format = new IntlMessageFormat(catalogues[language][key] ?? catalogues.en[key], language);
    cache.set(id, format);
  }
  return String(format.format(values));
}

const STORAGE_KEY = 'kanava-staff-language';
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'fi' || saved === 'sv' || saved === 'en') return saved;
  const browser = navigator.language.slice(0, 2);
  return browser === 'sv' || browser === 'en' ? browser : 'fi';
}
export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

export interface I18n {
  language: Language;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  time: (iso: string) => string;
}
export const I18nContext = createContext<I18n>({
  language: 'fi',
  t: (key, values) => translate('fi', key, values),
  time: (iso) => iso,
});
export const useI18n = (): I18n => useContext(I18nContext);

/** Times in the UI language and the library's time zone (the zone the library's settings name). */
export function makeI18n(language: Language, timeZone = 'Europe/Helsinki'): I18n {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'short', timeStyle: 'short' });
  } catch {
    // A zone this browser does not know: the device's own zone beats no times at all.
    formatter = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
  }
  return { language, t: (key, values) => translate(language, key, values), time: (iso) => formatter.format(new Date(iso)) };
}
