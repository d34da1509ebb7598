import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LibrarySettings as Library } from '../api.js';
import { missingLanguages, patchOf, scaleIssues, textChange, toDraft } from './draft.js';

const library: Library = {
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'x',
  version: 'v1',
  name: { fi: 'Kirjasto', sv: 'Bibliotek', en: 'Library' },
  settings: {
    timeZone: 'Europe/Helsinki',
    texts: { welcome: { fi: 'Hei', sv: 'Hej', en: '' } },
    openingHours: { chat: { mon: [['09:00', '16:00']] } },
    openingExceptions: [],
    widget: {},
    contact: { email: 'a@b.fi' },
    satisfaction: { enabled: true, scale: { min: 1, max: 5 }, question: {} },
  },
};

test('an untouched draft sends nothing', () => {
  assert.equal(patchOf(library, toDraft(library)), null);
});

test('only the changed languages, fields and channels are sent', () => {
  const draft = toDraft(library);
  draft.name.sv = 'Biblioteket';
  draft.texts.welcome.en = 'Hello';
  draft.hours.email = { fri: [['08:00', '12:00']] };
  draft.contact.email = '';
  draft.contact.phone = ' 09 123 ';
  assert.deepEqual(patchOf(library, draft), {
    name: { sv: 'Biblioteket' },
    settings: {
      contact: { email: null, phone: '09 123' },
      texts: { welcome: { en: 'Hello' } },
      openingHours: { email: { fri: [['08:00', '12:00']] } },
    },
  });
});

test('a new text goes in all three languages, an emptied one is removed', () => {
  assert.deepEqual(textChange(undefined, { fi: 'Suljettu', sv: '', en: '' }), { fi: 'Suljettu', sv: '', en: '' });
  assert.equal(textChange({ fi: 'Hei', sv: 'Hej', en: '' }, { fi: '', sv: '', en: '' }), null);
  assert.equal(textChange(undefined, { fi: '', sv: '', en: '' }), undefined);
  assert.deepEqual(missingLanguages({ fi: 'Hei', sv: ' ', en: '' }), ['sv', 'en']);
});

test('the widget look and the exceptions', () => {
  const draft = toDraft(library);
  draft.widget.color = '#6b2c91';
  draft.exceptions.push({ from: '2026-12-24', periods: [] });
  draft.hours.chat = null;
  assert.deepEqual(patchOf(library, draft), {
    settings: { openingHours: { chat: null }, openingExceptions: [{ from: '2026-12-24', periods: [] }], widget: { color: '#6b2c91' } },
  });
});

test('the satisfaction settings: only what changed, the scale whole, an emptied question back to the default', () => {
  const asked: Library = {
    ...library,
    settings: { ...library.settings, satisfaction: { enabled: true, scale: { min: 1, max: 5 }, question: { sv: 'Hur nöjd är du?' } } },
  };
  const draft = toDraft(asked);
  assert.deepEqual(draft.satisfaction, { enabled: true, min: '1', max: '5', question: { fi: '', sv: 'Hur nöjd är du?', en: '' } });
  draft.satisfaction.max = '3';
  draft.satisfaction.question.fi = '  Oliko vastauksesta apua? ';
  draft.satisfaction.question.sv = '';
  assert.deepEqual(patchOf(asked, draft), {
    settings: { satisfaction: { scale: { min: 1, max: 3 }, question: { fi: 'Oliko vastauksesta apua?', sv: null } } },
  });

  const off = toDraft(asked);
  off.satisfaction.enabled = false;
  off.satisfaction.question.en = '   ';
  assert.deepEqual(patchOf(asked, off), { settings: { satisfaction: { enabled: false } } });

  const same = toDraft(asked);
  same.satisfaction.min = '1';
  same.satisfaction.max = ' 5';
  assert.equal(patchOf(asked, same), null);
});

test('the satisfaction scale: lowest 0 or 1, highest a whole number from 2 to 10', () => {
  assert.deepEqual(scaleIssues({ min: '0', max: '10' }), {});
  assert.deepEqual(scaleIssues({ min: '1', max: '2' }), {});
  assert.deepEqual(scaleIssues({ min: '2', max: '11' }), { min: true, max: true });
  assert.deepEqual(scaleIssues({ min: '', max: '1' }), { min: true, max: true });
  assert.deepEqual(scaleIssues({ min: '-1', max: '3.5' }), { min: true, max: true });
});
