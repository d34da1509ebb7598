// An email reply in the staff app: the reply box says where it goes, and each reply's
// delivery (a retry waiting, a refusal, a bounce, the automatic receipt) reads as a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Delivery } from './api.js';
import { canRetry, describeDelivery } from './delivery.js';
import { describeReplyFate } from './reply-fate.js';
import { conversationFixture } from './conversation-fixture.js';
import { timeFormatter, translate, type MessageKey } from './i18n.js';
import type { Language } from '../contract/languages.js';

const tIn =
  (language: Language) =>
  (key: MessageKey, values: Record<string, string | number> = {}, names: Record<string, string> = {}) =>
    translate(language, key, { ...values, ...names });
const delivery = (status: Delivery['status'], error: string | null = null, retryAt?: string): Delivery => ({
  status,
  error,
  updatedAt: '2026-01-01T00:00:00Z',
  ...(retryAt ? { retryAt } : {}),
});
/** The staff app's clock in UTC, on the day of the retry: "klo 10.35", "10:35". */
const clockIn = (language: Language) => (iso: string) => timeFormatter(language, 'UTC')(iso, new Date('2026-01-01T08:00:00Z'));

test('the reply box on an email conversation names the address the reply is mailed to', () => {
  const email = conversationFixture('c', { channel: 'email', customer: { id: 'u', name: null, email: 'asa@example.fi' } });
  assert.equal(describeReplyFate(email, tIn('en')), 'Will be emailed to asa@example.fi');
  assert.equal(describeReplyFate(email, tIn('fi')), 'Lähetetään sähköpostilla osoitteeseen asa@example.fi');
  assert.equal(describeReplyFate(email, tIn('sv')), 'Skickas med e-post till asa@example.fi');
  const noAddress = conversationFixture('c', { channel: 'email' });
  assert.match(describeReplyFate(noAddress, tIn('en')) ?? '', /no email address/);
  assert.equal(describeReplyFate(conversationFixture('c'), tIn('en')), null, 'an open chat needs no word');
});

test('an email reply waiting for its retry says why and when; failures and bounces say what to do', () => {
  const en = tIn('en');
  assert.equal(
    describeDelivery(delivery('queued', 'smtp_unavailable', '2026-01-01T10:35:00Z'), 'email', en, false, { time: clockIn('en') }),
    'Not sent yet: the mail server could not be reached. Trying again at 10:35',
  );
  assert.match(
    describeDelivery(delivery('queued', 'smtp_timeout', '2026-01-01T10:35:00Z'), 'email', tIn('fi'), false, { time: clockIn('fi') }),
    /^Ei vielä lähetetty: sähköpostipalvelin ei vastannut ajoissa\. Uusi yritys klo 10\.35$/,
  );
  assert.equal(describeDelivery(delivery('queued'), 'email', en), 'Waiting to be sent');
  assert.equal(
    describeDelivery(delivery('failed', 'no_mailbox'), 'email', en),
    'Could not be delivered: the library has no mailbox that can send mail',
  );
  assert.equal(
    describeDelivery(delivery('failed', 'mail_bounced'), 'email', en),
    'The mail server returned this reply: the address may be wrong',
  );
  assert.equal(
    describeDelivery(delivery('failed', 'mail_bounced'), 'email', tIn('sv')),
    'E-postservern skickade tillbaka svaret: adressen kan vara fel',
  );
  for (const language of ['fi', 'sv', 'en'] as const) {
    for (const code of [
      'smtp_rejected',
      'smtp_unavailable',
      'smtp_timeout',
      'smtp_auth_failed',
      'smtp_tls_failed',
      'no_mailbox',
      'no_recipient',
    ]) {
      const text = describeDelivery(delivery('failed', code), 'email', tIn(language));
      assert.doesNotMatch(text, /smtp_|no_|\{/, `${language} ${code}: words, not the code`);
      assert.notEqual(
        text,
        describeDelivery(delivery('failed', 'carrier_pigeon_lost'), 'email', tIn(language)),
        `${language} ${code} has its own reason`,
      );
    }
  }
});

test('the receipt on the customer’s mail reads as a receipt, and only a failed staff reply can be tried again', () => {
  const en = tIn('en');
  assert.equal(describeDelivery(delivery('sent'), 'email', en, false, { receipt: true }), 'Automatic receipt sent');
  assert.equal(
    describeDelivery(delivery('queued'), 'email', tIn('fi'), false, { receipt: true }),
    'Automaattinen vastaanottokuittaus odottaa lähettämistä',
  );
  assert.match(
    describeDelivery(delivery('failed', 'no_receipt_text'), 'email', en, false, { receipt: true }),
    /receipt could not be sent: the mailbox has no receipt text/,
  );
  assert.equal(canRetry(delivery('failed', 'smtp_rejected'), 'staff'), true);
  assert.equal(canRetry(delivery('failed', 'smtp_rejected'), 'customer'), false);
  assert.equal(canRetry(delivery('sent'), 'staff'), false);
  assert.equal(canRetry(delivery('queued', 'smtp_unavailable', '2026-01-01T10:35:00Z'), 'staff'), false);
});
