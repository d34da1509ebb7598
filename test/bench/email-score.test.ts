// The email bench's counting after a kill -9: by Message-ID and by thread, so a lost mail and
// a mail stored twice can never cancel out, and its floor names every condition it failed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FLOOR, judge, scoreDurability, type Audit, type Figures, type MailRow } from '../../bench/email-score.js';

// Two threads: a → b (b answers a), and c alone.
const sent = [
  { messageId: 'a', threadRoot: 'a' },
  { messageId: 'b', threadRoot: 'a' },
  { messageId: 'c', threadRoot: 'c' },
];

function audit(mail: MailRow[], extra: Partial<Audit> = {}): Audit {
  return { mail, repeatedMessages: 0, customerMessages: mail.length, messagesWithoutMail: 0, conversations: 2, ...extra };
}

const clean: MailRow[] = [
  ['a', 'conv-1', 'msg-a', 'created'],
  ['b', 'conv-1', 'msg-b', 'appended'],
  ['c', 'conv-2', 'msg-c', 'created'],
];

describe('email bench scoring', () => {
  test('every mail stored once, each thread one conversation: nothing lost, nothing twice', () => {
    const score = scoreDurability(sent, audit(clean));
    assert.equal(score.stored, 3);
    assert.equal(score.lost, 0);
    assert.equal(score.duplicates, 0);
  });

  test('a lost mail and a mail stored twice both count, though the totals agree', () => {
    const rows: MailRow[] = [clean[0]!, clean[1]!, ['b', 'conv-1', 'msg-b2', 'appended']];
    const score = scoreDurability(sent, audit(rows));
    assert.equal(score.lost, 1);
    assert.deepEqual(score.lostExamples, ['c']);
    assert.equal(score.duplicatesBy.mailRows, 1);
    assert.equal(score.duplicates, 1);
  });

  test('a follow-up that opened a second conversation splits its thread', () => {
    const rows: MailRow[] = [clean[0]!, ['b', 'conv-3', 'msg-b', 'created'], clean[2]!];
    const score = scoreDurability(sent, audit(rows, { conversations: 3 }));
    assert.equal(score.lost, 0);
    assert.equal(score.duplicatesBy.threadSplits, 1);
    assert.equal(score.duplicatesBy.extraConversations, 1);
    assert.equal(score.duplicates, 2);
  });

  test('a mail stored as two messages, or a message without its mail row, is a duplicate', () => {
    const score = scoreDurability(sent, audit(clean, { repeatedMessages: 1, messagesWithoutMail: 1 }));
    assert.equal(score.duplicatesBy.messages, 1);
    assert.equal(score.duplicatesBy.unpaired, 1);
    assert.equal(score.duplicates, 2);
  });

  test('a mail kept but not put in a conversation is named, not counted as stored in one', () => {
    const rows: MailRow[] = [clean[0]!, clean[1]!, ['c', null, null, 'auto_reply']];
    const score = scoreDurability(sent, audit(rows, { conversations: 1 }));
    assert.equal(score.lost, 0);
    assert.deepEqual(score.notInConversation, { auto_reply: 1 });
  });
});

describe('email bench floor', () => {
  const passing: Figures = {
    ingress: {
      postgres: { messages: 5000, messagesPerSecond: 250, asExpected: true },
      pglite: { messages: 5000, messagesPerSecond: 90, asExpected: true },
    },
    imap: { postgres: { messages: 10_000, stored: 10_000, seconds: 80 } },
    killAndRestart: { postgres: { killedMidRun: true, duplicates: 0, lost: 0 } },
  };

  test('a run that reaches every figure meets the floor; PGlite is not held to the PostgreSQL rate', () => {
    assert.deepEqual(judge(passing), { met: true, failed: [] });
  });

  test('every failed condition is named', () => {
    const verdict = judge({
      ingress: { postgres: { messages: 300, messagesPerSecond: 150, asExpected: false } },
      imap: { postgres: { messages: 10_000, stored: 9_999, seconds: null } },
      killAndRestart: { postgres: { killedMidRun: false, duplicates: 1, lost: 2 } },
    });
    assert.equal(verdict.met, false);
    assert.deepEqual(verdict.failed.sort(), [
      'imap.postgres.messages',
      'imap.postgres.seconds',
      'ingress.postgres.messages',
      'ingress.postgres.rate',
      'ingress.postgres.storedAsExpected',
      'killAndRestart.postgres.killedMidRun',
      'killAndRestart.postgres.zeroDuplicates',
      'killAndRestart.postgres.zeroLost',
    ]);
  });

  test('a run without PostgreSQL, IMAP or the kill test cannot meet the floor', () => {
    const verdict = judge({ ingress: { pglite: passing.ingress.pglite! }, imap: {}, killAndRestart: {} });
    assert.deepEqual(verdict.failed.sort(), ['imap.ran', 'ingress.postgres.rate', 'killAndRestart.ran']);
  });

  test('the IMAP time limit is strict: 120 s is not under 120 s', () => {
    const verdict = judge({ ...passing, imap: { postgres: { messages: 10_000, stored: 10_000, seconds: FLOOR.imapSeconds } } });
    assert.deepEqual(verdict.failed, ['imap.postgres.seconds']);
  });
});
