// Server-side message catalogue (src/i18n/<lang>/server.json) with ICU formatting, and
// choosing the caller's language from Accept-Language.
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { isLanguage, languages, type Language } from '../contract/languages.js';

export const defaultLanguage: Language = 'fi';

type Catalogue = Record<string, string>;

function load(language: Language): Catalogue {
  const url = new URL(`../i18n/${language}/server.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Catalogue;
}

/** A value for every language, made by `make`. */
function perLanguage<T>(make: (language: Language) => T): Record<Language, T> {
  return Object.fromEntries(languages.map((language) => [language, make(language)])) as Record<Language, T>;
}

const catalogues = perLanguage<Catalogue>(load);
const compiled = new Map<string, IntlMessageFormat>();

/** Formats a catalogue message; a missing key falls back to English, then to the key. */
export function t(language: Language, key: string, values?: Record<string, unknown>): string {
  const source = catalogues[language][key] ?? catalogues.en[key];
  if (source === undefined) return key;
  const cacheKey = `${language}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(source, language);
    compiled.set(cacheKey, format);
  }
  // A placeholder without a value renders empty rather than throwing: a message with a gap
  // is better than an error page.
  const filled = new Proxy(values ?? {}, {
    has: () => true,
    get: (target, name) => (typeof name === 'string' && target[name] !== undefined ? target[name] : ''),
  });
  const formatted = format.format(filled as Record<string, string | number>);
  return typeof formatted === 'string' ? formatted : String(formatted);
}

/** Whether the catalogue has this key (in English, the fallback of every language). */
export function hasMessage(key: string): boolean {
  return catalogues.en[key] !== undefined;
}

/** A catalogue message in every language, for errors made before the caller's language is known. */
export function translations(key: string, values?: Record<string, unknown>): Record<Language, string> {
  return perLanguage((language) => t(language, key, values));
}

/** The first supported language in an Accept-Language header (`sv-FI,sv;q=0.9,en;q=0.5`). */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return defaultLanguage;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  return (ranked.find((entry) => isLanguage(entry.base))?.base as Language | undefined) ?? defaultLanguage;
}
