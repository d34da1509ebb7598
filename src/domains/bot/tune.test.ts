import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Evidence } from './decide.js';
import type { TestLine } from './training-data.js';
import { meanValue, tune } from './tune.js';
import tuned from './tuned-thresholds.json' with { type: 'json' };

const root = new URL('../../../', import.meta.url).pathname;
const line = (intent: string): TestLine => ({ text: intent, lang: 'fi', intent });
const evidence = (coverage: number, ...pairs: [string, number][]): Evidence => ({
  ranked: pairs.map(([intent, confidence]) => ({ intent, confidence })),
  coverage,
});

// Five lines whose best thresholds on the grid below are worked out by hand.
const lines = [line('a'), line('a'), line('out_of_scope'), line('out_of_scope'), line('a')];
const evidences = [
  evidence(1, ['a', 0.9]), // answer needs ≤ 0.9: +1
  evidence(1, ['b', 0.6], ['a', 0.3]), // answering b is wrong (−2); choices [b, a] hold a (+0.5) while choices ≤ 0.6
  evidence(1, ['out_of_scope', 0.5], ['a', 0.4]), // handed off (0) while outOfScope ≤ 0.5; else a at 0.4: choices (−1) if choices ≤ 0.4
  evidence(1, ['b', 0.35], ['out_of_scope', 0.3]), // choices [b] if choices ≤ 0.35 (−1); else handed off (0)
  evidence(0.2, ['b', 0.99]), // answered wrong (−2) unless coverage > 0.2 hands it off
];
const grid = { answer: [0.5, 0.7, 0.95], choices: [0.2, 0.4, 0.6], outOfScope: [0.3, 0.6], coverage: [0, 0.5] };

test('the mean value per line of a set of thresholds', () => {
  // +1, answer b (−2), out of scope but a at 0.4 gets choices (−1), choices [b] (−1), coverage ignored: answer b (−2); −5 / 5.
  assert.equal(meanValue(lines, evidences, { answer: 0.5, choices: 0.2, outOfScope: 0.6, coverage: 0 }), -1);
  assert.equal(meanValue(lines, evidences, { answer: 0.7, choices: 0.6, outOfScope: 0.3, coverage: 0.5 }), 0.3);
});

test('tuning picks the best thresholds on the grid, the most cautious among equals', () => {
  // Value 1.5 / 5 = 0.3 with answer 0.7, choices 0.4 or 0.6, outOfScope 0.3 (or 0.6 with choices 0.6),
  // coverage 0.5; the tie goes to the higher choice and the lower out-of-scope threshold.
  assert.deepEqual(tune(lines, evidences, { grid }), {
    thresholds: { answer: 0.7, choices: 0.6, outOfScope: 0.3, coverage: 0.5 },
    value: 0.3,
  });
});

test('the committed thresholds were tuned on the dev set of the current training file', () => {
  const sha = (path: string) =>
    createHash('sha256')
      .update(readFileSync(`${root}${path}`))
      .digest('hex')
      .slice(0, 16);
  assert.equal(tuned.tunedOn.data, 'content/bot/dev-questions.jsonl');
  assert.equal(tuned.tunedOn.dataSha256, sha(tuned.tunedOn.data), 'the dev questions changed: rerun npm run -s bot:tune -- --write');
  assert.equal(tuned.tunedOn.trainSha256, sha(tuned.tunedOn.train), 'the training file changed: rerun npm run -s bot:tune -- --write');
});

test('the tuning script refuses the test questions', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bot/tune.ts', '--data=content/bot/test-questions.jsonl'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /refusing the test questions/);
});
