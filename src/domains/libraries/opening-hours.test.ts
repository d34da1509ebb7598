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
