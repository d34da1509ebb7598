import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatOpening, zoneName } from './library-time.js';

test('the library zone is named in words in each language, never by its IANA id', () => {
  for (const language of ['fi', 'sv', 'en'] as const) {
    const name = zoneName(language, 'Europe/Helsinki');
    assert.ok(name && !name.includes('Europe/Helsinki'), `${language}: ${name}`);
  }
  assert.match(zoneName('en', 'Europe/Helsinki') ?? '', /Eastern European/);
  assert.equal(zoneName('fi', 'Not/A_Zone'), null, 'an unknown zone is left unnamed');
});

test('the next opening is given in the library zone, not the device one', () => {
  // Monday 07:00 UTC is 09:00 in Helsinki and 02:00 in New York.
  const at = '2026-01-05T07:00:00Z';
  assert.match(formatOpening('fi', at, 'Europe/Helsinki'), /maanantai.*09\.00/);
  assert.match(formatOpening('fi', at, 'America/New_York'), /maanantai.*02\.00/);
});
