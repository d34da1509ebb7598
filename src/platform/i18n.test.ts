import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { errorStatus } from '../contract/errors.js';
import { languageFromHeader, t } from './i18n.js';

const i18nDir = new URL('../i18n/', import.meta.url);
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`${lang}/${file}`, i18nDir), 'utf8')) as Record<string, string>;

test('every catalogue file has the same keys in fi, sv and en, none empty, all valid ICU', () => {
  const files = readdirSync(new URL('en/', i18nDir)).filter((f) => f.endsWith('.json'));
  assert.ok(files.includes('server.json'));
  for (const file of files) {
    const [fi, sv, en] = ['fi', 'sv', 'en'].map((lang) => load(lang, file));
    assert.deepEqual(Object.keys(fi!).sort(), Object.keys(en!).sort(), `${file}: fi and en keys differ`);
    assert.deepEqual(Object.keys(sv!).sort(), Object.keys(en!).sort(), `${file}: sv and en keys differ`);
    for (const [lang, catalogue] of [
      ['fi', fi],
      ['sv', sv],
      ['en', en],
    ] as const) {
      for (const [key, message] of Object.entries(catalogue!)) {
        assert.ok(message.trim().length > 0, `${lang}/${file} ${key} is empty`);
        assert.doesNotThrow(() => new IntlMessageFormat(message, lang), `${lang}/${file} ${key} is not valid ICU`);
      }
    }
  }
});

test('every error code has a message in every language', () => {
  for (const code of Object.keys(errorStatus)) {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      assert.notEqual(t(lang, `error.${code}`), `error.${code}`, `${lang} lacks error.${code}`);
    }
  }
});

test('Accept-Language picks the best supported language, defaulting to Finnish', () => {
  assert.equal(languageFromHeader('sv-FI,sv;q=0.9,en;q=0.5'), 'sv');
  assert.equal(languageFromHeader('de-DE,en;q=0.7,fi;q=0.8'), 'fi');
  assert.equal(languageFromHeader('en-GB'), 'en');
  assert.equal(languageFromHeader('ru'), 'fi');
  assert.equal(languageFromHeader(undefined), 'fi');
  assert.equal(languageFromHeader(';;;,q=abc'), 'fi');
});

test('messages are formatted with their values', () => {
  assert.equal(t('en', 'error.rate_limited', { seconds: 30 }), 'Too many requests. Try again in 30 seconds.');
  assert.match(t('sv', 'error.already_claimed', { name: 'Aino' }), /^Aino /);
});
