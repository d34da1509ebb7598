import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageContext } from './page-context.js';
import { parsePreferences } from './preferences.js';

test('the page context fits what the server accepts, or is left out', () => {
  assert.deepEqual(pageContext('https://kirjasto.example.fi/haku?q=muumi#t', ' Haku:\n muumi '), {
    url: 'https://kirjasto.example.fi/haku?q=muumi#t',
    title: 'Haku: muumi',
  });
  assert.deepEqual(pageContext('https://user:secret@kirjasto.example.fi/', ''), { url: 'https://kirjasto.example.fi/' });
  assert.equal(pageContext('file:///home/x.html', 'x'), undefined);
  assert.equal(pageContext('not a url', 'x'), undefined);
  const long = `https://kirjasto.example.fi/?q=${'a'.repeat(1990)}`;
  assert.equal(pageContext(long, ''), undefined);
  assert.equal(pageContext(`https://kirjasto.example.fi/#${'a'.repeat(2000)}`, '')?.url, 'https://kirjasto.example.fi/');
  const title = pageContext('https://kirjasto.example.fi/', `a${'😀'.repeat(200)}\u202E`)!.title!;
  assert.equal(title.length, 299, 'at most 300 UTF-16 units, as the server counts');
  assert.ok(!title.includes('\u202E'));
  assert.ok(!/[\uD800-\uDBFF]$/.test(title), 'no half character at the end');
});

test('remembered preferences: only what is valid is read back', () => {
  assert.deepEqual(parsePreferences('{"language":"sv","open":true}'), { language: 'sv', open: true });
  assert.deepEqual(parsePreferences('{"language":"de","open":"yes"}'), {});
  assert.deepEqual(parsePreferences('not json'), {});
  assert.deepEqual(parsePreferences(null), {});
});
