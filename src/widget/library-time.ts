// Every time the widget shows (its messages, when chat opens next, the opening hours) is in
// the library's time zone, whatever the customer's device says, so the customer and the
// staff see the same clock time for the same message; and it follows the reader's language:
// 24-hour clock, "9.00" in Finnish and (Finland-)Swedish, "9:00" in English — the words
// around it ("klo", "kl.", "at") are in the catalogue's sentences. The zone is named in the
// customer's language ("Eastern European Time"), never by its IANA id.
// The staff app formats its times the same way (src/web/i18n.ts).
import type { Language } from '../contract/languages.js';

/** The locale whose clock conventions each language follows: Swedish as written in Finland. */
const clockLocale: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

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

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(language: Language, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${language}|${timeZone ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(id);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(clockLocale[language], { ...options, timeZone });
    } catch {
      // A zone this browser does not know: the device's own zone beats no time at all.
      format = new Intl.DateTimeFormat(clockLocale[language], options);
    }
    formatters.set(id, format);
  }
  return format;
}

/** Hours and minutes in the language's way: "9.05" (fi, sv), "9:05" (en). */
function clockDigits(language: Language, hour: number, minute: number): string {
  return `${hour}${language === 'en' ? ':' : '.'}${String(minute).padStart(2, '0')}`;
}

/** The clock time of a moment in the library's zone: "9.05" (fi, sv), "9:05" (en); 24-hour. */
export function formatClock(language: Language, iso: string, timeZone: string | undefined): string {
  const parts = formatter(language, timeZone, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return clockDigits(language, hour, minute);
}

/** When chat opens next: the weekday's name and the clock time, both in the library's zone. */
export function formatOpening(language: Language, iso: string, timeZone: string): { day: string; time: string } {
  const day = formatter(language, timeZone, { weekday: 'long' }).format(new Date(iso));
  return { day, time: formatClock(language, iso, timeZone) };
}

/** An opening-hours time as stored ("09:00") in the language's way ("9.00", "9:00"); other text as it is. */
export function formatTimeOfDay(language: Language, value: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value);
  return match ? clockDigits(language, Number(match[1]), Number(match[2])) : value;
}
