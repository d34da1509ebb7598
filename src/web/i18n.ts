// The staff app's messages (src/i18n/<lang>/staff.json), ICU-formatted, and the chosen
// language remembered on this device. What people wrote (names, message bodies) goes into a
// sentence as `names`: isolated, so that its text direction — a right-to-left name, or a
// right-to-left override character in it — cannot reorder the words and times around it.
import { createContext, createElement, Fragment, useContext, type ReactElement, type ReactNode } from 'react';
import { IntlMessageFormat } from 'intl-messageformat';
import fi from '../i18n/fi/staff.json';
import sv from '../i18n/sv/staff.json';
import en from '../i18n/en/staff.json';
import type { Language } from '../contract/languages.js';

export type MessageKey = keyof typeof en;
const catalogues: Record<Language, Record<MessageKey, string>> = { fi, sv, en };
const cache = new Map<string, IntlMessageFormat>();

export type Values = Record<string, string | number>;
/** User-supplied strings (names, message text) to place in a sentence, isolated. */
export type Names = Record<string, string>;

function formatOf(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}:${key}`;
  let format = cache.get(id);
  if (!format) {
    format = new IntlMessageFormat(catalogues[language][key] ?? catalogues.en[key], language);
    cache.set(id, format);
  }
  return format;
}

/**
 * The text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: the plain-text `<bdi>`,
 * for strings that cannot hold an element (attributes, announcements).
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

export function translate(language: Language, key: MessageKey, values?: Values, names: Names = {}): string {
  const isolated = Object.fromEntries(Object.entries(names).map(([name, text]) => [name, isolate(text)]));
  return String(formatOf(language, key).format({ ...values, ...isolated }));
}

/** A sentence as React nodes: each of `names` in its own `<bdi>`; `values` may be elements (a `<time>`). */
export function translateNodes(
  language: Language,
  key: MessageKey,
  values: Record<string, string | number | ReactElement> = {},
  names: Names = {},
): ReactNode {
  const elements = Object.fromEntries(Object.entries(names).map(([name, text]) => [name, createElement('bdi', null, text)]));
  const formatted = formatOf(language, key).format<ReactElement>({ ...values, ...elements });
  return Array.isArray(formatted) ? createElement(Fragment, null, ...(formatted as ReactNode[])) : formatted;
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
  /** A sentence as text; `names` isolated with FSI…PDI. */
  t: (key: MessageKey, values?: Values, names?: Names) => string;
  /** A sentence as React nodes; `names` each in a `<bdi>`. */
  tx: (key: MessageKey, values?: Record<string, string | number | ReactElement>, names?: Names) => ReactNode;
  time: (iso: string) => string;
}
export const I18nContext = createContext<I18n>({
  language: 'fi',
  t: (key, values, names) => translate('fi', key, values, names),
  tx: (key, values, names) => translateNodes('fi', key, values, names),
  time: (iso) => iso,
});
export const useI18n = (): I18n => useContext(I18nContext);

/** The locale whose clock and date conventions each language follows: Swedish as written in Finland. */
const timeLocale: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

function zoned(language: Language, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(timeLocale[language], { ...options, timeZone });
  } catch {
    // A zone this browser does not know: the device's own zone beats no times at all.
    return new Intl.DateTimeFormat(timeLocale[language], options);
  }
}

/**
 * Times in the library's time zone (the zone its settings name), in the reader's conventions,
 * 24-hour: "klo 9.05" (fi), "kl. 9.05" (sv), "9:05" (en) today; with the date before it on
 * other days ("5.1.2026 klo 9.05", "5 Jan 2026, 9:05"). The chat widget shows a message's
 * time on the same clock (src/widget/library-time.ts), so customer and staff read the same.
 */
export function timeFormatter(language: Language, timeZone: string): (iso: string, now?: Date) => string {
  const clock = zoned(language, timeZone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });
  const day = zoned(language, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const date = zoned(language, timeZone, { day: 'numeric', month: language === 'en' ? 'short' : 'numeric', year: 'numeric' });
  return (iso, now = new Date()) => {
    const at = new Date(iso);
    const parts = clock.formatToParts(at);
    const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
    const minute = (parts.find((p) => p.type === 'minute')?.value ?? '00').padStart(2, '0');
    const time = `${hour}${language === 'en' ? ':' : '.'}${minute}`;
    if (day.format(at) === day.format(now)) return translate(language, 'time.today', { time });
    return translate(language, 'time.dated', { time, date: date.format(at) });
  };
}

/** Times in the UI language and the library's time zone (see timeFormatter). */
export function makeI18n(language: Language, timeZone = 'Europe/Helsinki'): I18n {
  const format = timeFormatter(language, timeZone);
  return {
    language,
    t: (key, values, names) => translate(language, key, values, names),
    tx: (key, values, names) => translateNodes(language, key, values, names),
    time: (iso) => format(iso),
  };
}
