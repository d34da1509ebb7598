// Timeline events and audit entries become sentences from the catalogues, never codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEntry, Delivery, Message } from './api.js';
import { describeAuditAction, describeAuditTarget } from './audit-text.js';
import { describeDelivery, failureReason } from './delivery.js';
import { describeEvent } from './events.js';
import { translate, type MessageKey } from './i18n.js';
import type { Language } from '../contract/languages.js';

// Names as plain values: the isolation marks the UI adds are checked in the browser tests.
const tIn =
  (language: Language) =>
  (key: MessageKey, values: Record<string, string | number> = {}, names: Record<string, string> = {}) =>
    translate(language, key, { ...values, ...names });
const aino = { id: 'a1', displayName: 'Aino' };
const event = (payload: Record<string, unknown>, author: Message['author'] = aino): Message => ({
  id: 'm',
  conversationId: 'c',
  seq: 1,
  kind: 'event',
  body: '',
  author,
  event: payload,
  clientId: null,
  createdAt: '2026-01-01T00:00:00Z',
  delivery: null,
  attachments: [],
});
const entry = (action: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: 'e',
  action,
  actor: aino,
  targetType: null,
  targetId: null,
  details: {},
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

test('status changes name both statuses, inflected per language', () => {
  assert.equal(
    describeEvent(event({ type: 'status_changed', from: 'open', to: 'resolved' }), tIn('fi'), tIn('fi')('audit.system')),
    'Aino muutti tilan avoimesta ratkaistuksi',
  );
  assert.equal(
    describeEvent(event({ type: 'status_changed', from: 'pending', to: 'open' }), tIn('sv'), tIn('sv')('audit.system')),
    'Aino ändrade status från väntar till öppen',
  );
});

test('assignments: to a colleague, to oneself, removed; unknown events get a general sentence', () => {
  const en = tIn('en');
  assert.equal(
    describeEvent(event({ type: 'assigned', assigneeId: 'b2', assigneeName: 'Bo' }), en, en('audit.system')),
    'Aino assigned the conversation to Bo',
  );
  assert.equal(
    describeEvent(event({ type: 'assigned', assigneeId: 'a1', assigneeName: 'Aino' }), en, en('audit.system')),
    'Aino took the conversation',
  );
  assert.equal(
    describeEvent(event({ type: 'assigned', assigneeId: null, assigneeName: null }), en, en('audit.system')),
    'Aino removed the assignee',
  );
  const other = describeEvent(event({ type: 'merged_somewhere' }, null), en, en('audit.system'));
  assert.equal(other, `${translate('en', 'audit.system')} updated the conversation`);
  assert.ok(!other.includes('merged_somewhere'));
});

test('audit actions and targets are words; role changes name both roles', () => {
  const fi = tIn('fi');
  assert.equal(describeAuditAction(entry('auth.sign_in'), fi), 'Kirjautui sisään');
  assert.equal(
    describeAuditAction(entry('account.role_changed', { details: { from: 'staff', to: 'supervisor' } }), fi),
    'Muutti roolin asiakaspalvelijasta esihenkilöksi',
  );
  assert.equal(
    describeAuditAction(entry('customer.deleted', { details: { conversations: 2 } }), tIn('en')),
    "Erased a customer's data and 2 conversations",
  );
  assert.equal(describeAuditAction(entry('something.new'), fi), translate('fi', 'auditAction.other'));
  const names = new Map([['b2', 'Bo']]);
  assert.equal(describeAuditTarget(entry('auth.sign_in', { targetType: 'account', targetId: 'b2' }), fi, fi, names), 'Tili: Bo');
  assert.equal(
    describeAuditTarget(entry('auth.sign_in', { targetType: 'account', targetId: 'zz' }), fi, fi, names),
    translate('fi', 'auditTarget.account'),
  );
  assert.equal(
    describeAuditTarget(entry('library.settings_changed', { targetType: 'library' }), tIn('sv'), tIn('sv'), names),
    'Biblioteket',
  );
});

test('deliveries are sentences: a waiting chat reply waits for the customer; failure codes become reasons', () => {
  const delivery = (status: Delivery['status'], error: string | null = null): Delivery => ({
    status,
    error,
    updatedAt: '2026-01-01T00:00:00Z',
  });
  const en = tIn('en');
  assert.equal(describeDelivery(delivery('queued'), 'chat', en), translate('en', 'delivery.queuedChat'));
  assert.match(describeDelivery(delivery('queued'), 'chat', tIn('fi')), /asiakkaan paluuta/);
  assert.equal(describeDelivery(delivery('queued'), 'email', en), 'Waiting to be sent');
  assert.equal(describeDelivery(delivery('delivered'), 'chat', tIn('sv')), 'Levererat till kunden');
  assert.equal(
    describeDelivery(delivery('failed', 'smtp_rejected'), 'email', en),
    'Could not be delivered: the mail server refused the message',
  );
  assert.equal(
    describeDelivery(delivery('failed', 'adapter_error'), 'chat', tIn('fi')),
    'Ei voitu toimittaa: kanavan lähetyspalvelu ei toiminut',
  );
  for (const language of ['fi', 'sv', 'en'] as const) {
    const unknown = describeDelivery(delivery('failed', 'carrier_pigeon_lost'), 'callback', tIn(language));
    assert.ok(!unknown.includes('carrier_pigeon_lost'), `${language}: no raw code`);
    assert.equal(failureReason(delivery('failed', null), tIn(language)), failureReason(delivery('failed', 'x'), tIn(language)));
  }
});
