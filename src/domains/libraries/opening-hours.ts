// Is a channel open at a moment, in the library's time zone; when does it open next. A day
// covered by an exception (a holiday, a special day) keeps the exception's periods instead of
// its weekday's; where two exceptions cover a day, the later one in the list holds.
import type { OpeningException, WeekHours } from './schema.js';
import { weekdays, type Weekday } from '../../contract/weekdays.js';

type Period = readonly [string, string];
/** What isOpen and nextOpening need of an exception. */
export type DayException = Pick<OpeningException, 'from' | 'to' | 'periods'>;

interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  day: Weekday;
  minutes: number;
}

const weekdayIndex: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(at: Date, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    day: weekdayIndex[get('weekday')] ?? 'mon',
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The periods of a local day: the last exception covering the date, else the weekday's. */
function periodsOn(hours: WeekHours, exceptions: readonly DayException[], local: LocalTime): readonly Period[] {
  for (let i = exceptions.length - 1; i >= 0; i -= 1) {
    const e = exceptions[i]!;
    if (e.from <= local.date && local.date <= (e.to ?? e.from)) return e.periods;
  }
  return hours[local.day] ?? [];
}

const within = (periods: readonly Period[], minutes: number) =>
  periods.some(([from, to]) => minutes >= toMinutes(from) && minutes < toMinutes(to));

export function isOpen(hours: WeekHours, at: Date, timeZone: string, exceptions: readonly DayException[] = []): boolean {
  const local = localTime(at, timeZone);
  return within(periodsOn(hours, exceptions, local), local.minutes);
}

/** How far ahead nextOpening looks: a long summer closure still finds the day after it. */
const HORIZON_DAYS = 400;

/** The next moment (to the minute) the hours open; null if not within the horizon. */
export function nextOpening(hours: WeekHours, at: Date, timeZone: string, exceptions: readonly DayException[] = []): Date | null {
  if (!weekdays.some((d) => (hours[d] ?? []).length > 0) && !exceptions.some((e) => e.periods.length > 0)) return null;
  const start = Math.ceil(at.getTime() / 60_000) * 60_000;
  const end = start + HORIZON_DAYS * 24 * 60 * 60_000;
  // Step a quarter-hour at a time, then refine to the minute: cheap and correct across
  // daylight-saving changes without date arithmetic in the library zone. A day with nothing
  // left to open is skipped to its late evening at once (a holiday week costs a few steps).
  for (let time = start; time <= end;) {
    const local = localTime(new Date(time), timeZone);
    const periods = periodsOn(hours, exceptions, local);
    if (within(periods, local.minutes)) {
      for (let minutesBack = 14; minutesBack >= 1; minutesBack -= 1) {
        const earlier = new Date(time - minutesBack * 60_000);
        if (earlier > at && isOpen(hours, earlier, timeZone, exceptions)) return earlier;
      }
      return new Date(time);
    }
    const opensLaterToday = periods.some(([from]) => toMinutes(from) > local.minutes);
    // Skip to about 22:30 (an hour's margin for a daylight-saving change), then step on.
    const skip = opensLaterToday ? 15 : Math.max(15, 24 * 60 - local.minutes - 90);
    time += skip * 60_000;
  }
  return null;
}

// ---- Counting minutes over opening hours (response targets of the queues domain) ----

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (Helsinki in summer: +3 h). */
function zoneOffset(at: number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    offsetFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock time of a local date has in the zone. `minutes` may be 1440 (24:00,
 * the next midnight). A time the clocks skip (03:30 when spring moves 03:00 to 04:00) lands
 * an hour later; one they pass twice in autumn, on its first pass.
 */
function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const naive = Date.UTC(year, month, day, 0, minutes);
  const first = naive - zoneOffset(naive, timeZone);
  return naive - zoneOffset(first, timeZone);
}

const dayKeys: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The day's periods in minutes, sorted and with overlaps merged (so no minute counts twice). */
function mergedPeriods(periods: [string, string][] | undefined): [number, number][] {
  const sorted = (periods ?? []).map(([from, to]): [number, number] => [toMinutes(from), toMinutes(to)]).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** How far ahead a due time is looked for over opening hours before giving up (days). */
const SEARCH_DAYS = 400;

/**
 * The moment `minutes` of opening time have passed since `start`: time while the channel is
 * closed (nights, weekends) does not count. Without hours (none set, or a week with no open
 * period) every minute counts. Null when the hours never add up to that many minutes within
 * SEARCH_DAYS. Real elapsed minutes are counted, so a day the clocks change is an hour
 * shorter or longer if its period spans the change.
 */
export function addOpenMinutes(hours: WeekHours | null | undefined, start: Date, minutes: number, timeZone: string): Date | null {
  if (!hours || !weekdays.some((d) => (hours[d] ?? []).length > 0)) return new Date(start.getTime() + minutes * 60_000);
  let remaining = minutes * 60_000;
  const from = start.getTime();
  // The local date the start falls on, then day after day.
  const local = new Date(from + zoneOffset(from, timeZone));
  const [year, month, day] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
  for (let offset = 0; offset <= SEARCH_DAYS; offset += 1) {
    const date = new Date(Date.UTC(year, month, day + offset));
    const weekday = dayKeys[date.getUTCDay()] ?? 'mon';
    for (const [open, close] of mergedPeriods(hours[weekday])) {
      const y = date.getUTCFullYear();
      const m = date.getUTCMonth();
      const d = date.getUTCDate();
      const end = zonedInstant(y, m, d, close, timeZone);
      if (end <= from) continue;
      const begin = Math.max(zonedInstant(y, m, d, open, timeZone), from);
      const available = end - begin;
      if (available <= 0) continue;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
  }
  return null;
}
