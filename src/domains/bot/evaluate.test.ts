import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Outcome } from './decide.js';
import { evaluate } from './evaluate.js';
import { headline } from './report.js';
import type { BotLanguage, TestLine } from './training-data.js';

const answer = (intent: string): Outcome => ({ decision: 'answer', intents: [intent] });
const choices = (...intents: string[]): Outcome => ({ decision: 'choices', intents });
const handoff: Outcome = { decision: 'handoff', intents: [], reason: 'low_confidence' };

// 8 in-scope lines and 4 out-of-scope lines, one decision each; the comments say how each counts.
const cases: [BotLanguage, string, Outcome][] = [
  ['fi', 'renew_loan', answer('renew_loan')], // answered right
  ['sv', 'pin_code', answer('pin_code')], // answered right
  ['fi', 'renew_loan', answer('my_loans')], // answered wrong
  ['en', 'events', choices('events', 'room_booking')], // choices, right one first
  ['fi', 'events', choices('room_booking', 'events', 'greeting')], // choices, right one second
  ['sv', 'pin_code', choices('my_loans', 'renew_loan')], // choices without the right one
  ['fi', 'pin_code', handoff], // handed off
  ['en', 'renew_loan', handoff], // handed off
  ['fi', 'out_of_scope', handoff], // out of scope, handed off
  ['sv', 'out_of_scope', { decision: 'handoff', intents: [], reason: 'out_of_scope' }], // out of scope, handed off
  ['en', 'out_of_scope', answer('events')], // out of scope, answered
  ['fi', 'out_of_scope', choices('events')], // out of scope, offered choices
];
const lines: TestLine[] = cases.map(([lang, intent], i) => ({ text: `question ${i}`, lang, intent }));
const outcomes = cases.map(([, , outcome]) => outcome);

test('in-scope and out-of-scope fractions count each decision once, over their own lines', () => {
  const figures = evaluate(lines, outcomes);
  assert.equal(figures.lines, 12);
  assert.deepEqual(figures.inScope, {
    lines: 8,
    answeredRight: 0.25,
    answeredWrong: 0.125,
    offeredChoices: 0.375,
    firstChoiceRight: 0.125,
    choicesContainRight: 0.25,
    handedOff: 0.25,
  });
  assert.deepEqual(figures.outOfScope, { lines: 4, handedOff: 0.5, answered: 0.25, offeredChoices: 0.25 });
  // 2 answered right + 1 right first choice + 2 out of scope handed off, of 12.
  assert.equal(figures.accuracy, 0.4167);
  assert.equal(figures.misclassified.length, 7);
});

test('per language, the same figures over that language’s lines', () => {
  const { fi, sv, en } = evaluate(lines, outcomes).languages;
  assert.deepEqual(fi, {
    lines: 6,
    accuracy: 0.3333,
    inScope: {
      lines: 4,
      answeredRight: 0.25,
      answeredWrong: 0.25,
      offeredChoices: 0.25,
      firstChoiceRight: 0,
      choicesContainRight: 0.25,
      handedOff: 0.25,
    },
    outOfScope: { lines: 2, handedOff: 0.5, answered: 0, offeredChoices: 0.5 },
  });
  assert.deepEqual(sv, {
    lines: 3,
    accuracy: 0.6667,
    inScope: {
      lines: 2,
      answeredRight: 0.5,
      answeredWrong: 0,
      offeredChoices: 0.5,
      firstChoiceRight: 0,
      choicesContainRight: 0,
      handedOff: 0,
    },
    outOfScope: { lines: 1, handedOff: 1, answered: 0, offeredChoices: 0 },
  });
  assert.deepEqual(en, {
    lines: 3,
    accuracy: 0.3333,
    inScope: {
      lines: 2,
      answeredRight: 0,
      answeredWrong: 0,
      offeredChoices: 0.5,
      firstChoiceRight: 0.5,
      choicesContainRight: 0.5,
      handedOff: 0.5,
    },
    outOfScope: { lines: 1, handedOff: 0, answered: 1, offeredChoices: 0 },
  });
});

test('the headline says what was counted, over how many lines', () => {
  assert.equal(
    headline(evaluate(lines, outcomes)),
    '12 questions. In scope (8): answered right 25.0 %, answered wrong 12.5 %, offered choices 37.5 % ' +
      '(right one first 12.5 %, right one among them 25.0 %), handed off 25.0 %. ' +
      'Out of scope (4): handed off 50.0 %, answered 25.0 %, offered choices 25.0 %. ' +
      'Accuracy 0.4167 = in-scope questions answered right or offered the right intent first, plus out-of-scope ones handed off, over all 12.',
  );
});

test('macro-F1 and confusions use the intent answered or offered first, hand-off as out_of_scope', () => {
  const small: TestLine[] = [
    { text: 'a1', lang: 'fi', intent: 'a' },
    { text: 'a2', lang: 'fi', intent: 'a' },
    { text: 'b1', lang: 'fi', intent: 'b' },
    { text: 'o1', lang: 'fi', intent: 'out_of_scope' },
  ];
  const figures = evaluate(small, [answer('a'), choices('b', 'a'), answer('b'), handoff]);
  // F1: a = 2·1/(2·1+0+1) = 2/3, b = 2/(2+1+0) = 2/3, out_of_scope = 1; mean 7/9.
  assert.equal(figures.macroF1, 0.7778);
  assert.deepEqual(figures.confusions, [{ expected: 'a', predicted: 'b', count: 1 }]);
  assert.deepEqual(figures.misclassified, [{ text: 'a2', lang: 'fi', expected: 'a', decision: 'choices', intents: ['b', 'a'] }]);
});

test('a decision per line, or an error', () => {
  assert.throws(() => evaluate(lines, outcomes.slice(1)), /11 decisions for 12 lines/);
});
