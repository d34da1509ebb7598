import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillPlaceholders, unknownPlaceholders } from '../../contract/placeholders.js';
import { chooseText, insertAt } from './insert.js';

test('placeholders are filled, and a missing value is left out cleanly', () => {
  const values = { 'staff.name': 'Aino', 'library.name': 'Kirjasto', 'customer.name': null };
  assert.equal(fillPlaceholders('Hei {customer.name}! T. {staff.name}, {library.name}', values), 'Hei! T. Aino, Kirjasto');
  assert.equal(fillPlaceholders('Hei {customer.name}, kiitos viestistä.', values), 'Hei, kiitos viestistä.');
  assert.equal(fillPlaceholders('{customer.name}, tervetuloa', values), 'tervetuloa');
  assert.equal(fillPlaceholders('Hej {customer.name}!', { 'customer.name': 'Bo' }), 'Hej Bo!');
  assert.equal(fillPlaceholders('{unknown.thing} stays', values), '{unknown.thing} stays');
});

test('unknown placeholders are found once each; braces that are no placeholder are not', () => {
  assert.deepEqual(unknownPlaceholders('{customer.nimi} {customer.nimi} {staff.name} { } {1}'), ['{customer.nimi}']);
});

test('the text in the wanted language, else the staff member’s own, else any', () => {
  assert.deepEqual(chooseText({ fi: 'Hei', sv: 'Hej' }, 'sv', 'fi'), { text: 'Hej', language: 'sv', fallback: false });
  assert.deepEqual(chooseText({ fi: 'Hei', en: 'Hi' }, 'sv', 'en'), { text: 'Hi', language: 'en', fallback: true });
  assert.deepEqual(chooseText({ fi: 'Hei' }, 'sv', 'en'), { text: 'Hei', language: 'fi', fallback: true });
  assert.equal(chooseText({}, 'sv', 'en'), null);
});

test('insertion at the caret replaces a selection', () => {
  assert.deepEqual(insertAt('ab', 'X', 1, 1), { body: 'aXb', caret: 2 });
  assert.deepEqual(insertAt('abcd', 'X', 1, 3), { body: 'aXd', caret: 2 });
});
