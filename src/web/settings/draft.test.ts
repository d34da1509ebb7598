import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LibrarySettings as Library } from '../api.js';
import { missingLanguages, patchOf, textChange, toDraft } from './draft.js';

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
