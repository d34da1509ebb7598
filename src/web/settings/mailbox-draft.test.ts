// The Email tab's form → the bodies it sends: passwords only when typed (set) or removed
// (null), empty languages left out, a side switched off sent as null, a mistyped port left
// for the server to refuse beside its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mailbox } from './mailbox-api.js';
import { createBodyOf, outcomesOf, testBodyOf, toMailboxDraft, updateBodyOf } from './mailbox-draft.js';

const saved: Mailbox = {
  id: '00000000-0000-4000-8000-000000000001',
  address: 'kirjasto@example.fi',
  displayName: { fi: 'Kirjasto' },
  signature: {},
  receiptEnabled: false,
  receiptText: {},
  imap: { host: 'imap.example.fi', port: 993, security: 'tls', user: 'kirjasto', folder: 'INBOX' },
  smtp: { host: 'smtp.example.fi', port: 587, security: 'starttls', user: null },
  imapPasswordSet: true,
  smtpPasswordSet: false,
  active: true,
  lastError: null,
  lastErrorAt: null,
  lastSuccessAt: null,
  failures: 0,
  nextPollAt: null,
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

test('an untouched saved mailbox sends its settings and no password at all', () => {
  const body = updateBodyOf(toMailboxDraft(saved));
  assert.equal('imapPassword' in body, false);
  assert.equal('smtpPassword' in body, false);
  assert.deepEqual(body.displayName, { fi: 'Kirjasto' });
  assert.deepEqual(body.imap, saved.imap);
  assert.deepEqual(body.smtp, saved.smtp);
});

test('a typed password sets it; "remove" sends null; a new mailbox never sends null', () => {
  const draft = toMailboxDraft(saved);
  draft.imap.password = 'uusi';
  draft.smtp.clearPassword = true;
  const body = updateBodyOf(draft);
  assert.equal(body.imapPassword, 'uusi');
  assert.equal(body.smtpPassword, null);
  const created = createBodyOf(draft);
  assert.equal(created.imapPassword, 'uusi');
  assert.equal('smtpPassword' in created, false);
});

test('empty languages are left out; a side switched off is null; a mistyped port goes as NaN', () => {
  const draft = toMailboxDraft(null);
  draft.address = ' uusi@example.fi ';
  draft.displayName = { fi: ' ', sv: 'Biblioteket', en: '' };
  draft.imap.enabled = false;
  draft.smtp.host = 'smtp.example.fi';
  draft.smtp.port = '58x';
  const body = createBodyOf(draft);
  assert.equal(body.address, 'uusi@example.fi');
  assert.deepEqual(body.displayName, { sv: 'Biblioteket' });
  assert.equal(body.imap, null);
  assert.ok(Number.isNaN(body.smtp?.port));
  assert.equal(body.smtp?.user, null);
});

test('testing from the form names the mailbox being edited and sends only typed passwords', () => {
  const draft = toMailboxDraft(saved);
  assert.deepEqual(testBodyOf(draft, saved.id), { mailboxId: saved.id, imap: saved.imap, smtp: saved.smtp });
  draft.smtp.password = 'salasana';
  assert.equal(testBodyOf(draft, undefined).smtpPassword, 'salasana');
});

test('outcomes carry the host, port and folder their sentence names', () => {
  const outcomes = outcomesOf(
    { imap: { ok: false, step: 'folder', code: 'folder_not_found' }, smtp: null },
    { imap: { host: 'imap.example.fi', port: 993, folder: 'Saapuneet' }, smtp: null },
  );
  assert.deepEqual(outcomes, [
    { side: 'imap', ok: false, code: 'folder_not_found', values: { host: 'imap.example.fi', port: 993, folder: 'Saapuneet' } },
  ]);
});
