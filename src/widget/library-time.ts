// Times the widget shows about the library (its opening hours, when chat opens next) are in
// the library's time zone, whatever the customer's device says, and that zone is named in
// the customer's language ("Eastern European Time"), never by its IANA id.
import type { Language } from '../contract/languages.js';

/** The zone's name in the language; null if this browser cannot name it (then none is shown). */
export function zoneName(language: Language, timeZone: string): string | null {
  try {
    // Generic ("Eastern European Time"): the hours hold in summer and in winter alike.
    const parts = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'longGeneric' }).formatToParts(0);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? null;
  } catch {
    return null;
  }
}

/** When chat opens next, as weekday and time in the library's zone. */
export function formatOpening(language: Language, iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}
