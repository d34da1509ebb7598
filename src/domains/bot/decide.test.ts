import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Thresholds } from './decide.js';

const thresholds: Thresholds = { answer: 0.6, choices: 0.2, outOfScope: 0.3, coverage: 0.5 };
const ranked = (...pairs: [string, number][]) => pairs.map(([intent, confidence]) => ({ intent, confidence }));

test('answers at the answer threshold, not below it', () => {
  assert.deepEqual(decide({ ranked: ranked(['renew_loan', 0.6], ['pin_code', 0.3]), coverage: 1 }, thresholds), {
    decision: 'answer',
    intents: ['renew_loan'],
  });
  assert.equal(decide({ ranked: ranked(['renew_loan', 0.59], ['pin_code', 0.3]), coverage: 1 }, thresholds).decision, 'choices');
});

test('offers up to three in-scope intents with at least half the choice threshold, best first', () => {
  const outcome = decide(
    {
      ranked: ranked(
        ['renew_loan', 0.4],
        ['out_of_scope', 0.25],
        ['pin_code', 0.15],
        ['my_loans', 0.1],
        ['events', 0.1],
        ['greeting', 0.09],
      ),
      coverage: 1,
    },
    thresholds,
  );
  assert.deepEqual(outcome, { decision: 'choices', intents: ['renew_loan', 'pin_code', 'my_loans'] });
  // The second choice needs 0.1 (half of 0.2): 0.09 is not offered.
  assert.deepEqual(decide({ ranked: ranked(['renew_loan', 0.2], ['pin_code', 0.09]), coverage: 1 }, thresholds), {
    decision: 'choices',
    intents: ['renew_loan'],
  });
});

test('hands off below the choice threshold, on out of scope, on low coverage and when nothing is ranked', () => {
  assert.deepEqual(decide({ ranked: ranked(['renew_loan', 0.19]), coverage: 1 }, thresholds), {
    decision: 'handoff',
    intents: [],
    reason: 'low_confidence',
  });
  assert.deepEqual(decide({ ranked: ranked(['out_of_scope', 0.3], ['renew_loan', 0.29]), coverage: 1 }, thresholds), {
    decision: 'handoff',
    intents: [],
    reason: 'out_of_scope',
  });
  assert.deepEqual(decide({ ranked: ranked(['renew_loan', 0.99]), coverage: 0.49 }, thresholds), {
    decision: 'handoff',
    intents: [],
    reason: 'unreadable',
  });
  assert.deepEqual(decide({ ranked: [], coverage: 1 }, thresholds), { decision: 'handoff', intents: [], reason: 'unreadable' });
  assert.deepEqual(decide({ ranked: ranked(['out_of_scope', 0.9]), coverage: 1 }, { ...thresholds, outOfScope: 0.95 }), {
    decision: 'handoff',
    intents: [],
    reason: 'low_confidence',
  });
});

test('out_of_scope below its threshold does not veto: the best in-scope intent decides', () => {
  assert.deepEqual(decide({ ranked: ranked(['out_of_scope', 0.29], ['renew_loan', 0.25]), coverage: 1 }, thresholds), {
    decision: 'choices',
    intents: ['renew_loan'],
  });
});
