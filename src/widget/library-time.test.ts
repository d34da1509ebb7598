import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatClock, formatOpening, formatTimeOfDay, zoneName } from './library-time.js';
import { translate } from './i18n.js';

test('the library zone is named in words in each language, never by its IANA id', () => {
  for (const language of ['fi', 'sv', 'en'] as const) {
    const name = zoneName(language, 'Europe/Helsinki');
    assert.ok(name && !name.includes('Europe/Helsinki'), `${language}: ${name}`);
  }
  assert.match(zoneName('en', 'Europe/Helsinki') ?? '', /Eastern European/);
  assert.equal(zoneName('fi', 'Not/A_Zone'), null, 'an unknown zone is left unnamed');
});

test('a message time is the library’s clock time in the reader’s conventions: klo 9.05, kl. 9.05, 9:05', () => {
  // 07:05 UTC in January is 09:05 in Helsinki, 02:05 in New York.
  const at = '2026-01-05T07:05:00Z';
  assert.equal(formatClock('fi', at, 'Europe/Helsinki'), '9.05');
  assert.equal(formatClock('sv', at, 'Europe/Helsinki'), '9.05');
  assert.equal(formatClock('en', at, 'Europe/Helsinki'), '9:05');
  assert.equal(formatClock('en', at, 'America/New_York'), '2:05');
  // 24-hour: the afternoon is 15, never 3 PM; midnight is 0.
  assert.equal(formatClock('en', '2026-01-05T13:30:00Z', 'Europe/Helsinki'), '15:30');
  assert.equal(formatClock('fi', '2026-01-05T22:00:00Z', 'Europe/Helsinki'), '0.00');
  // In the sentences around it.
  const said = (language: 'fi' | 'sv' | 'en') =>
    translate(language, 'message.said', { who: 'X', time: formatClock(language, at, 'Europe/Helsinki') });
  assert.equal(said('fi'), 'X klo 9.05');
  assert.equal(said('sv'), 'X kl. 9.05');
  assert.equal(said('en'), 'X at 9:05');
  assert.ok(!/AM|PM/.test(said('en')));
});

test('the next opening is given as weekday and time in the library zone, not the device one', () => {
  // Monday 07:00 UTC is 09:00 in Helsinki and 02:00 in New York.
  const at = '2026-01-05T07:00:00Z';
  assert.deepEqual(formatOpening('fi', at, 'Europe/Helsinki'), { day: 'maanantai', time: '9.00' });
  assert.deepEqual(formatOpening('fi', at, 'America/New_York'), { day: 'maanantai', time: '2.00' });
  assert.deepEqual(formatOpening('sv', at, 'Europe/Helsinki'), { day: 'måndag', time: '9.00' });
  assert.deepEqual(formatOpening('en', at, 'Europe/Helsinki'), { day: 'Monday', time: '9:00' });
  assert.equal(
    translate('fi', 'status.closed', formatOpening('fi', at, 'Europe/Helsinki')),
    'Chat on nyt suljettu. Seuraavan kerran se aukeaa: maanantai klo 9.00.',
  );
  assert.equal(
    translate('sv', 'status.closed', formatOpening('sv', at, 'Europe/Helsinki')),
    'Chatten är stängd nu. Den öppnar igen på måndag kl. 9.00.',
  );
  assert.equal(
    translate('en', 'status.closed', formatOpening('en', at, 'Europe/Helsinki')),
    'Chat is closed now. It opens next on Monday at 9:00.',
  );
});

test('opening hours read the same way', () => {
  assert.equal(formatTimeOfDay('fi', '09:00'), '9.00');
  assert.equal(formatTimeOfDay('sv', '16:30'), '16.30');
  assert.equal(formatTimeOfDay('en', '09:00'), '9:00');
  assert.equal(formatTimeOfDay('en', '24:00'), '24:00');
});
