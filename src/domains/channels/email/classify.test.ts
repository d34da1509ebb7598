import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bounceDetails, classifyMail, isOwnMailLoop, reportPartsFromRaw, type ClassifyInput, type HeaderLookup } from './classify.js';

function headers(fields: Record<string, string | string[]>): HeaderLookup {
  const map = new Map(Object.entries(fields).map(([name, value]) => [name.toLowerCase(), ([] as string[]).concat(value)]));
  return (name) => map.get(name) ?? [];
}

function classify(fields: Record<string, string | string[]>, overrides: Partial<ClassifyInput> = {}) {
  return classifyMail({
    header: headers(fields),
    subject: 'Kysymys lainasta',
    fromAddress: 'matti@example.fi',
    contentType: 'text/plain',
    reportType: null,
    report: { deliveryStatus: null, original: null },
    ...overrides,
  });
}

test('a person’s mail is normal', () => {
  assert.deepEqual(classify({}), { kind: 'normal', reason: null });
  assert.deepEqual(classify({ 'Auto-Submitted': 'no' }), { kind: 'normal', reason: null });
  assert.deepEqual(classify({ 'Auto-Submitted': 'No (written by a person)' }), { kind: 'normal', reason: null });
  assert.deepEqual(classify({ Precedence: 'first-class' }), { kind: 'normal', reason: null });
  // Outlook can put this on ordinary mail; alone it proves nothing.
  assert.deepEqual(classify({ 'X-Auto-Response-Suppress': 'All' }), { kind: 'normal', reason: null });
});

test('Auto-Submitted other than "no" marks an auto-reply', () => {
  for (const value of ['auto-replied', 'auto-generated', 'Auto-Generated', 'auto-notified; owner-email="x@y"']) {
    assert.deepEqual(classify({ 'Auto-Submitted': value }), { kind: 'auto_reply', reason: 'auto_submitted' }, value);
  }
});

test('X-Autoreply, X-Autorespond and Precedence bulk/junk/list mark an auto-reply', () => {
  assert.deepEqual(classify({ 'X-Autoreply': 'yes' }), { kind: 'auto_reply', reason: 'x_autoreply' });
  assert.deepEqual(classify({ 'X-Autorespond': 'Kysymys' }), { kind: 'auto_reply', reason: 'x_autoreply' });
  for (const value of ['bulk', 'junk', 'list', ' List ']) {
    assert.deepEqual(classify({ Precedence: value }), { kind: 'auto_reply', reason: 'precedence_bulk' }, value);
  }
});

test('Exchange’s generated mail with X-Auto-Response-Suppress is an auto-reply', () => {
  const marks = { 'X-Auto-Response-Suppress': 'DR, OOF, AutoReply', 'X-MS-Exchange-Inbox-Rules-Loop': 'a@x.fi' };
  assert.deepEqual(classify(marks), { kind: 'auto_reply', reason: 'auto_response_suppress' });
});

test('out-of-office subjects in Finnish, Swedish and English are recognised, ordinary ones are not', () => {
  const autoSubjects = [
    'Automaattinen vastaus: Kysymys lainasta',
    'Poissa toimistolta 1.7.–31.7.',
    'Lomaviesti',
    'Poissaoloviesti: Re: Laina',
    'Olen lomalla',
    'Frånvaro: Fråga om fjärrlån',
    'Automatiskt svar: Lånet',
    'Autosvar: Beställning',
    'Inte på kontoret',
    'Out of Office: Renewing my loans',
    'Out of the office until Monday',
    'Automatic reply: Your question',
    'Auto-Reply: Question',
    'AutoReply',
    'RE: Automatic reply: x',
  ];
  for (const subject of autoSubjects) assert.deepEqual(classify({}, { subject }), { kind: 'auto_reply', reason: 'ooo_subject' }, subject);
  const personSubjects = [
    'Kysymys lainasta',
    'VS: Kysymys lainasta',
    'Olen palauttanut kirjan',
    'Fråga om frånvaroanmälan i skolan',
    'When is the office open?',
    'Re: Kirja poissa hyllystä',
  ];
  for (const subject of personSubjects) assert.deepEqual(classify({}, { subject }), { kind: 'normal', reason: null }, subject);
});

const dsn = (action: string) =>
  Buffer.from(
    [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Delivery failed.',
      '--r',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.fi',
      '',
      'Original-Recipient: rfc822;Alias@Example.FI',
      'Final-Recipient: rfc822; <Kuka@Example.FI>',
      `Action: ${action}`,
      'Status: 5.7.1 (relay denied)',
      '',
      '--r',
      'Content-Type: text/rfc822-headers',
      '',
      'From: kirjasto@kirjasto.example.fi',
      'Message-ID:',
      ' <kanava.original@kirjasto.example.fi>',
      'Subject: Re: Kysymys',
      '',
      '--r--',
      '',
    ].join('\r\n'),
  );

test('a delivery-status report is a bounce when delivery failed, a mere report when only delayed', () => {
  const report = {
    contentType: 'multipart/report',
    reportType: 'delivery-status',
    subject: 'Undeliverable',
    fromAddress: 'postmaster@x.fi',
  };
  assert.deepEqual(classify({}, { ...report, report: reportPartsFromRaw(dsn('failed')) }), {
    kind: 'bounce',
    reason: 'delivery_status_report',
  });
  assert.deepEqual(classify({}, { ...report, report: reportPartsFromRaw(dsn('delayed')) }), {
    kind: 'auto_reply',
    reason: 'delivery_status_report',
  });
  // A report type other than delivery-status (a read receipt) is not a bounce.
  assert.equal(
    classify({}, { ...report, reportType: 'disposition-notification', fromAddress: 'a@x.fi', subject: 'Luettu' }).kind,
    'normal',
  );
});

test('the bounce names our original Message-ID, the address we sent to and the status', () => {
  assert.deepEqual(bounceDetails(reportPartsFromRaw(dsn('failed')), 'Delivery failed.'), {
    originalMessageId: 'kanava.original@kirjasto.example.fi',
    recipient: 'alias@example.fi',
    status: '5.7.1',
  });
});

test('mail from mailer-daemon or postmaster is a bounce with a failure subject, else an auto-reply', () => {
  for (const subject of [
    'Undelivered Mail Returned to Sender',
    'Mail delivery failed: returning message to sender',
    'failure notice',
    'Delivery Status Notification (Failure)',
    'Viestiä ei voitu toimittaa',
  ]) {
    assert.deepEqual(
      classify({}, { fromAddress: 'MAILER-DAEMON@mx.example.com', subject }),
      { kind: 'bounce', reason: 'mailer_daemon' },
      subject,
    );
  }
  assert.deepEqual(classify({}, { fromAddress: 'postmaster@example.com', subject: 'Returned mail: see transcript for details' }), {
    kind: 'bounce',
    reason: 'mailer_daemon',
  });
  assert.deepEqual(classify({}, { fromAddress: 'postmaster@example.com', subject: 'Spam report' }), {
    kind: 'auto_reply',
    reason: 'mailer_daemon',
  });
  // Someone whose address merely contains the word is a person.
  assert.equal(classify({}, { fromAddress: 'not-the-mailer-daemon@example.com', subject: 'Undeliverable' }).kind, 'normal');
});

test('a plain bounce without a report part gives what its text says', () => {
  const text = [
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    '  Poissa@Example.com',
    '    550 5.1.1 User unknown',
    '',
    '------ This is a copy of the message, including all the headers. ------',
    'Message-ID: <kanava.abc@kirjasto.example.fi>',
  ].join('\n');
  assert.deepEqual(bounceDetails({ deliveryStatus: null, original: null }, text), {
    originalMessageId: 'kanava.abc@kirjasto.example.fi',
    recipient: 'poissa@example.com',
    status: '5.1.1',
  });
  const finalOnly = Buffer.from(dsn('failed').toString('latin1').replace('Original-Recipient: rfc822;Alias@Example.FI\r\n', ''), 'latin1');
  assert.equal(bounceDetails(reportPartsFromRaw(finalOnly), '').recipient, 'kuka@example.fi');
  assert.deepEqual(bounceDetails(reportPartsFromRaw(Buffer.from('nothing here')), 'nothing here'), {
    originalMessageId: null,
    recipient: null,
    status: null,
  });
});

test('our own mail coming back is a loop; someone else’s X-Loop is not', () => {
  assert.equal(isOwnMailLoop(headers({ 'X-Kanava-Loop': 'kirjasto.example.fi' }), 'a@x.fi'), true);
  assert.equal(isOwnMailLoop(headers({ 'X-Loop': 'kanava@kirjasto.example.fi' }), 'a@x.fi'), true);
  assert.equal(isOwnMailLoop(headers({}), 'kanava.abcdef.ghijk@kirjasto.example.fi'), true);
  assert.equal(isOwnMailLoop(headers({ 'X-Loop': 'helpdesk@example.com' }), 'a@x.fi'), false);
  assert.equal(isOwnMailLoop(headers({}), 'kanavamme@x.fi'), false);
  assert.equal(isOwnMailLoop(headers({}), null), false);
});
