// Counting response targets over opening hours: nights, weekends and the changes of the
// clocks in Europe/Helsinki (UTC+2 in winter, UTC+3 in summer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addOpenMinutes } from './opening-hours.js';
import type { WeekHours } from './schema.js';

const tz = 'Europe/Helsinki';
const weekdays9to17: WeekHours = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
};
const iso = (at: Date | null) => at?.toISOString() ?? null;

test('without hours every minute counts (calendar time)', () => {
  assert.equal(iso(addOpenMinutes(undefined, new Date('2026-11-24T20:00:00Z'), 90, tz)), '2026-11-24T21:30:00.000Z');
  // A week with no open period is no hours at all.
  assert.equal(iso(addOpenMinutes({ mon: [] }, new Date('2026-11-24T20:00:00Z'), 15, tz)), '2026-11-24T20:15:00.000Z');
});

test('within a period the minutes simply pass', () => {
  // Tuesday 2026-11-24 10:00 in Helsinki is 08:00 UTC.
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-11-24T08:00:00Z'), 30, tz)), '2026-11-24T08:30:00.000Z');
});

test('the night does not count: a target started in the evening falls due the next morning', () => {
  // Tuesday 16:45 local + 60 min: 15 minutes on Tuesday, 45 on Wednesday from 09:00.
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-11-24T14:45:00Z'), 60, tz)), '2026-11-25T07:45:00.000Z');
  // Started at 22:00 while closed: counting begins at 09:00 the next day.
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-11-24T20:00:00Z'), 30, tz)), '2026-11-25T07:30:00.000Z');
  // Started before opening on the same day.
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-11-24T04:00:00Z'), 30, tz)), '2026-11-24T07:30:00.000Z');
});

test('the weekend does not count', () => {
  // Friday 2026-11-27 16:30 local + 60 min → Monday 2026-11-30 09:30 local (07:30 UTC).
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-11-27T14:30:00Z'), 60, tz)), '2026-11-30T07:30:00.000Z');
  // Saturday noon + 1 full working day (480 min) → Monday 17:00 exactly.
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-11-28T10:00:00Z'), 480, tz)), '2026-11-30T15:00:00.000Z');
});

test('a lunch break and overlapping periods are counted once', () => {
  const split: WeekHours = {
    tue: [
      ['13:00', '16:00'],
      ['09:00', '12:00'],
      ['11:00', '12:00'],
    ],
  };
  // Tuesday 11:30 local + 60: 30 minutes before the break, 30 after 13:00 → 13:30 local.
  assert.equal(iso(addOpenMinutes(split, new Date('2026-11-24T09:30:00Z'), 60, tz)), '2026-11-24T11:30:00.000Z');
});

test('spring forward (last Sunday of March): the local clock changes under the count', () => {
  // Friday 2026-03-27 16:00 local (UTC+2) + 120 min: 60 on Friday, 60 on Monday from 09:00,
  // which is already summer time (UTC+3): 10:00 local = 07:00 UTC.
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-03-27T14:00:00Z'), 120, tz)), '2026-03-30T07:00:00.000Z');
  // Open round the clock on the Sunday of the change: that day is 23 hours long, and the
  // minutes counted are real ones. From 00:00 local (22:00 UTC the day before) + 6 h.
  const sunday: WeekHours = { sun: [['00:00', '24:00']] };
  assert.equal(iso(addOpenMinutes(sunday, new Date('2026-03-28T22:00:00Z'), 360, tz)), '2026-03-29T04:00:00.000Z');
  // 23 hours fill the whole Sunday; one minute more waits for the next Sunday (UTC+3).
  assert.equal(iso(addOpenMinutes(sunday, new Date('2026-03-28T22:00:00Z'), 23 * 60, tz)), '2026-03-29T21:00:00.000Z');
  assert.equal(iso(addOpenMinutes(sunday, new Date('2026-03-28T22:00:00Z'), 23 * 60 + 1, tz)), '2026-04-04T21:01:00.000Z');
});

test('fall back (last Sunday of October): a 25-hour day, and the week after in winter time', () => {
  const sunday: WeekHours = { sun: [['00:00', '24:00']] };
  // Sunday 2026-10-25 00:00 local is 21:00 UTC on Saturday (UTC+3); the day has 25 hours.
  assert.equal(iso(addOpenMinutes(sunday, new Date('2026-10-24T21:00:00Z'), 25 * 60, tz)), '2026-10-25T22:00:00.000Z');
  // Friday 2026-10-23 16:30 (UTC+3) + 60 → Monday 2026-10-26 09:30 in winter time (07:30 UTC).
  assert.equal(iso(addOpenMinutes(weekdays9to17, new Date('2026-10-23T13:30:00Z'), 60, tz)), '2026-10-26T07:30:00.000Z');
});

test('hours that never add up within the search horizon give no due time', () => {
  const tiny: WeekHours = { mon: [['09:00', '09:01']] };
  assert.equal(addOpenMinutes(tiny, new Date('2026-11-24T08:00:00Z'), 10_000, tz), null);
});
