// The staff app's times: the library's zone, the reader's conventions, 24-hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeFormatter } from './i18n.js';

// 07:05 UTC on 5 January 2026 is 9.05 in Helsinki, 2.05 in New York.
const at = '2026-01-05T07:05:00Z';
const sameDay = new Date('2026-01-05T20:00:00Z');
const nextDay = new Date('2026-01-06T12:00:00Z');

test('today: only the clock, as fi "klo 9.05", sv "kl. 9.05", en "9:05"', () => {
  assert.equal(timeFormatter('fi', 'Europe/Helsinki')(at, sameDay), 'klo 9.05');
  assert.equal(timeFormatter('sv', 'Europe/Helsinki')(at, sameDay), 'kl. 9.05');
  assert.equal(timeFormatter('en', 'Europe/Helsinki')(at, sameDay), '9:05');
  assert.equal(timeFormatter('en', 'Europe/Helsinki')('2026-01-05T13:30:00Z', sameDay), '15:30', '24-hour, no PM');
});

test('other days: the date before the clock', () => {
  assert.equal(timeFormatter('fi', 'Europe/Helsinki')(at, nextDay), '5.1.2026 klo 9.05');
  assert.equal(timeFormatter('sv', 'Europe/Helsinki')(at, nextDay), '5.1.2026 kl. 9.05');
  assert.equal(timeFormatter('en', 'Europe/Helsinki')(at, nextDay), '5 Jan 2026, 9:05');
});

test('the library’s zone decides the clock and the day, not the device’s', () => {
  assert.equal(timeFormatter('fi', 'America/New_York')(at, sameDay), 'klo 2.05');
  // 22:30 UTC on the 5th is already the 6th in Helsinki.
  assert.equal(timeFormatter('fi', 'Europe/Helsinki')('2026-01-05T22:30:00Z', nextDay), 'klo 0.30');
  // An unknown zone falls back to the device's rather than failing.
  assert.match(timeFormatter('fi', 'Not/A_Zone')(at, nextDay), /klo \d{1,2}\.05$/);
});
