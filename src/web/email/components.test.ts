// The email components as the server renders them to HTML: what a browser and a screen reader
// get before any script runs (links, names, the folded part and its button).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as React from 'react';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nContext, translate, translateNodes } from '../i18n.js';
import type { Language } from '../../contract/languages.js';
import type { Message } from '../api.js';
import { conversationFixture } from '../conversation-fixture.js';

// The test runner compiles JSX the classic way (React.createElement), the app's bundler the
// automatic way: the components find React as a global here.
Object.assign(globalThis, { React });
const { Attachments } = await import('./Attachments.js');
const { EmailHeader } = await import('./EmailHeader.js');

const render = (language: Language, element: ReactElement) =>
  renderToStaticMarkup(
    createElement(
      I18nContext.Provider,
      {
        value: {
          language,
          t: (key, values, names) => translate(language, key, values, names),
          tx: (key, values, names) => translateNodes(language, key, values, names),
          time: (iso) => iso,
        },
      },
      element,
    ),
  );

const conversationId = '6f1c1a52-8a4e-4d55-9b1e-0c1f3a2b4c5d';
const files: Message['attachments'] = [
  { id: '0b8e2f0a-1111-4a5b-8c9d-000000000001', filename: 'lainakuitti.pdf', contentType: 'application/pdf', size: 1258291, inline: false },
  { id: '0b8e2f0a-1111-4a5b-8c9d-000000000002', filename: 'logo.png', contentType: 'image/png', size: 2560, inline: true },
];

test('attachments: download links to the attachment route, named by the file, sized in the UI language', () => {
  const html = render('fi', createElement(Attachments, { conversationId, attachments: files })).replace(/\u00a0/g, ' ');
  assert.match(html, /<ul class="mail-attachments" aria-label="2 liitettä">/);
  assert.ok(
    html.includes(`<a href="/api/v1/conversations/${conversationId}/attachments/${files[0]!.id}" download="lainakuitti.pdf">`),
    html,
  );
  assert.ok(html.includes(`/api/v1/conversations/${conversationId}/attachments/${files[1]!.id}" download="logo.png"`));
  assert.match(html, /<bdi class="mail-attachment-name">lainakuitti\.pdf<\/bdi><span class="meta">1,2 Mt<\/span>/);
  assert.match(html, /logo\.png<\/bdi><span class="meta">2,5 kt · kuva viestin sisällä<\/span>/);
  // Icons are decoration: the file name is the link's name.
  assert.equal((html.match(/<svg[^>]*aria-hidden="true"/g) ?? []).length, 2);
  const sv = render('sv', createElement(Attachments, { conversationId, attachments: files.slice(0, 1) })).replace(/\u00a0/g, ' ');
  assert.match(sv, /aria-label="1 bilaga"/);
  assert.match(sv, /1,2 MB/);
});

test('attachments: nothing at all for a message without files', () => {
  assert.equal(render('fi', createElement(Attachments, { conversationId, attachments: [] })), '');
});

test('email header: the subject and the customer’s address, isolated; words for a missing subject', () => {
  const conversation = conversationFixture('c1', {
    channel: 'email',
    subject: 'Kaukolaina',
    customer: { id: 'x', name: null, email: 'maija@example.com' },
  });
  const html = render('fi', createElement(EmailHeader, { conversation }));
  assert.match(html, /<dt>Aihe<\/dt><dd class="mail-subject"><bdi>Kaukolaina<\/bdi><\/dd>/);
  assert.match(html, /<dt>Asiakkaan osoite<\/dt><dd><bdi class="mail-address">maija@example\.com<\/bdi><\/dd>/);
  const untitled = render('sv', createElement(EmailHeader, { conversation: { ...conversation, subject: null } }));
  assert.match(untitled, /\(inget ämne\)/);
});
