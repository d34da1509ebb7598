// Is a channel open at a moment, in the library's time zone; when does it open next.
import type { WeekHours } from './schema.js';
import { weekdays, type Weekday } from '../../contract/weekdays.js';

interface LocalTime {
  day: Weekday;
  minutes: number;
}

const weekdayIndex: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: weekdayIndex[get('weekday')] ?? 'mon', minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isOpen(hours: WeekHours, at: Date, timeZone: string): boolean {
  const { day, minutes } = localTime(at, timeZone);
  return (hours[day] ?? []).some(([from, to]) => minutes >= toMinutes(from) && minutes < toMinutes(to));
}

/** The next moment (to the minute) the hours open, searching a week ahead; null if never. */
export function nextOpening(hours: WeekHours, at: Date, timeZone: string): Date | null {
  if (!weekdays.some((d) => (hours[d] ?? []).length > 0)) return null;
  const start = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  // Step through the week a quarter-hour at a time, then refine to the minute: cheap and
  // correct across daylight-saving changes without date arithmetic in the library zone.
  for (let step = 0; step <= 7 * 24 * 4; step += 1) {
    const candidate = new Date(start.getTime() + step * 15 * 60_000);
    if (isOpen(hours, candidate, timeZone)) {
      for (let minutesBack = 14; minutesBack >= 1; minutesBack -= 1) {
        const earlier = new Date(candidate.getTime() - minutesBack * 60_000);
        if (earlier > at && isOpen(hours, earlier, timeZone)) return earlier;
      }
      return candidate;
    }
  }
  return null;
}
