import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOpen, nextOpening } from './opening-hours.js';

const hours = {
  mon: [['09:00', '16:00']],
  tue: [
    ['09:00', '12:00'],
    ['13:00', '20:00'],
  ],
} as const;
const week = hours as unknown as Parameters<typeof isOpen>[0];
const tz = 'Europe/Helsinki';

test('open within a period in the library time zone, closed outside', () => {
  // Monday 2026-11-23 09:30 in Helsinki is 07:30 UTC (winter time, UTC+2).
  assert.equal(isOpen(week, new Date('2026-11-23T07:30:00Z'), tz), true);
  assert.equal(isOpen(week, new Date('2026-11-23T06:59:00Z'), tz), false);
  // The end minute is already closed.
  assert.equal(isOpen(week, new Date('2026-11-23T14:00:00Z'), tz), false);
  // Tuesday lunch break.
  assert.equal(isOpen(week, new Date('2026-11-24T10:30:00Z'), tz), false);
  assert.equal(isOpen(week, new Date('2026-11-24T11:00:00Z'), tz), true);
});

test('summer time shifts the UTC hour', () => {
  // Monday 2026-06-01 09:30 Helsinki is 06:30 UTC (UTC+3).
  assert.equal(isOpen(week, new Date('2026-06-01T06:30:00Z'), tz), true);
  assert.equal(isOpen(week, new Date('2026-06-01T05:59:00Z'), tz), false);
});

test('next opening is the exact minute the next period starts', () => {
  // Monday 17:00 local → Tuesday 09:00 local = 07:00 UTC.
  assert.equal(nextOpening(week, new Date('2026-11-23T15:00:00Z'), tz)?.toISOString(), '2026-11-24T07:00:00.000Z');
  // During the Tuesday lunch break → 13:00 local.
  assert.equal(nextOpening(week, new Date('2026-11-24T10:07:00Z'), tz)?.toISOString(), '2026-11-24T11:00:00.000Z');
  // Sunday → Monday 09:00.
  assert.equal(nextOpening(week, new Date('2026-11-22T12:00:00Z'), tz)?.toISOString(), '2026-11-23T07:00:00.000Z');
});

test('no periods at all means no next opening', () => {
  assert.equal(nextOpening({}, new Date(), tz), null);
});

// Exceptions: Friday 2026-12-25 (Christmas) closed, Thursday 2026-12-24 (Christmas Eve) a short
// day 09:00–12:00, both in a week whose hours are 09:00–20:00 every weekday.
const everyWeekday = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '20:00']]])) as unknown as Parameters<
  typeof isOpen
>[0];
const christmas = [
  { from: '2026-12-24', periods: [['09:00', '12:00']] as [string, string][] },
  { from: '2026-12-25', to: '2026-12-26', periods: [] },
];

test('a holiday is closed all day although its weekday is open', () => {
  // Friday 2026-12-25 10:00 Helsinki = 08:00 UTC.
  assert.equal(isOpen(everyWeekday, new Date('2026-12-25T08:00:00Z'), tz), true);
  assert.equal(isOpen(everyWeekday, new Date('2026-12-25T08:00:00Z'), tz, christmas), false);
  // The day before and after the range keep their week.
  assert.equal(isOpen(everyWeekday, new Date('2026-12-23T08:00:00Z'), tz, christmas), true);
  assert.equal(isOpen(everyWeekday, new Date('2026-12-28T08:00:00Z'), tz, christmas), true);
});

test('a special short day keeps only its own periods', () => {
  // Thursday 2026-12-24: open 09:00–12:00 (07:00–10:00 UTC), closed at 13:00 local.
  assert.equal(isOpen(everyWeekday, new Date('2026-12-24T09:30:00Z'), tz, christmas), true);
  assert.equal(isOpen(everyWeekday, new Date('2026-12-24T10:00:00Z'), tz, christmas), false);
  assert.equal(isOpen(everyWeekday, new Date('2026-12-24T11:00:00Z'), tz, christmas), false);
});

test('next opening skips the holiday to the next open day', () => {
  // Christmas Eve 13:00 local → closed 25–26 (Fri, Sat), Sunday closed → Monday 28th 09:00 = 07:00 UTC.
  assert.equal(nextOpening(everyWeekday, new Date('2026-12-24T11:00:00Z'), tz, christmas)?.toISOString(), '2026-12-28T07:00:00.000Z');
  // Without the exceptions it would be Friday the 25th.
  assert.equal(nextOpening(everyWeekday, new Date('2026-12-24T19:00:00Z'), tz)?.toISOString(), '2026-12-25T07:00:00.000Z');
});

test('an exception can open a day the week keeps closed, and the later exception wins', () => {
  const saturdayEvent = [
    { from: '2026-12-05', periods: [['10:00', '14:00']] as [string, string][] },
    { from: '2026-12-05', periods: [['11:00', '14:00']] as [string, string][] },
  ];
  // Friday 2026-12-04 21:00 local → Saturday 11:00 local (the later exception) = 09:00 UTC.
  assert.equal(nextOpening(everyWeekday, new Date('2026-12-04T19:00:00Z'), tz, saturdayEvent)?.toISOString(), '2026-12-05T09:00:00.000Z');
});

test('a long closure is found past a week, and hours that never open give null', () => {
  const summer = [{ from: '2026-07-01', to: '2026-07-31', periods: [] }];
  // 2026-07-01 is a Wednesday; the next open day is Monday 2026-08-03, 09:00 summer time = 06:00 UTC.
  assert.equal(nextOpening(everyWeekday, new Date('2026-06-30T18:00:00Z'), tz, summer)?.toISOString(), '2026-08-03T06:00:00.000Z');
  assert.equal(nextOpening({}, new Date('2026-06-30T18:00:00Z'), tz, summer), null);
});
