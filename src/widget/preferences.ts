// What the widget remembers of the customer's choices on this device, per library: the
// language chosen in the widget (it wins over the page's `lang` from then on) and whether the
// panel was open, so a reload or the next page of the library's site shows it as it was.
import type { Language } from '../contract/languages.js';
import { isLanguage } from './i18n.js';

export interface Preferences {
  language?: Language;
  open?: boolean;
}

export const preferencesKey = (library: string) => `kanava-chat:${library}:preferences`;

export function parsePreferences(raw: string | null): Preferences {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    return {
      ...(isLanguage(value.language) ? { language: value.language } : {}),
      ...(typeof value.open === 'boolean' ? { open: value.open } : {}),
    };
  } catch {
    return {};
  }
}

/** Reads the library's preferences; storage that cannot be read (blocked, full) remembers nothing. */
export function loadPreferences(library: string): Preferences {
  try {
    return parsePreferences(localStorage.getItem(preferencesKey(library)));
  } catch {
    return {};
  }
}

export function savePreferences(library: string, change: Preferences): void {
  try {
    const next = { ...loadPreferences(library), ...change };
    localStorage.setItem(preferencesKey(library), JSON.stringify(next));
  } catch {
    // Not remembered: the widget still works.
  }
}
