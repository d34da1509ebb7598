import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate, type MessageKey, type Values } from '../i18n.js';
import type { Language } from '../../contract/languages.js';
import { attachmentKind, attachmentSize } from './attachment-text.js';

const size = (bytes: number, language: Language) =>
  attachmentSize(bytes, language, (key: MessageKey, values?: Values) => translate(language, key, values)).replace(/\u00a0|\u202f/g, ' ');

test('sizes in Finnish, Swedish and English: decimal comma or point, the language’s units', () => {
  const mb = Math.round(1.2 * 1024 * 1024);
  assert.equal(size(mb, 'fi'), '1,2 Mt');
  assert.equal(size(mb, 'sv'), '1,2 MB');
  assert.equal(size(mb, 'en'), '1.2 MB');
  assert.equal(size(512, 'fi'), '512 t');
  assert.equal(size(512, 'sv'), '512 B');
  assert.equal(size(2560, 'fi'), '2,5 kt');
  assert.equal(size(2560, 'en'), '2.5 kB');
  assert.equal(size(3 * 1024 ** 3, 'sv'), '3 GB');
});

test('sizes at the unit boundaries round into the next unit, never "1024 kt"', () => {
  assert.equal(size(0, 'fi'), '0 t');
  assert.equal(size(999, 'en'), '999 B');
  assert.equal(size(1024 * 1024 - 10, 'fi'), '1 Mt');
  assert.equal(size(1000, 'en'), '1 kB');
});

test('the icon kind follows the declared type', () => {
  assert.equal(attachmentKind('image/png'), 'image');
  assert.equal(attachmentKind('IMAGE/JPEG; name=x.jpg'), 'image');
  assert.equal(attachmentKind('application/pdf'), 'document');
  assert.equal(attachmentKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 'document');
  assert.equal(attachmentKind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), 'spreadsheet');
  assert.equal(attachmentKind('text/csv'), 'spreadsheet');
  assert.equal(attachmentKind('application/zip'), 'archive');
  assert.equal(attachmentKind('audio/mpeg'), 'audio');
  assert.equal(attachmentKind('video/mp4'), 'video');
  assert.equal(attachmentKind('application/octet-stream'), 'other');
});
