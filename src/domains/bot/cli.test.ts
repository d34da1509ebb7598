import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { InScopeFigures, OutOfScopeFigures, SetFigures } from './evaluate.js';
import tuned from './tuned-thresholds.json' with { type: 'json' };

const root = new URL('../../../', import.meta.url).pathname;
const kanava = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'bot', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

/** The in-scope decisions partition the in-scope lines; choices with the right one are a part of choices. */
function assertConsistent(label: string, inScope: InScopeFigures, outOfScope: OutOfScopeFigures) {
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 0.001, `${label} ${what}: ${a} vs ${b}`);
  near(inScope.answeredRight + inScope.answeredWrong + inScope.offeredChoices + inScope.handedOff, 1, 'in-scope partition');
  near(outOfScope.handedOff + outOfScope.answered + outOfScope.offeredChoices, 1, 'out-of-scope partition');
  assert.ok(
    inScope.firstChoiceRight <= inScope.choicesContainRight && inScope.choicesContainRight <= inScope.offeredChoices,
    `${label} choices`,
  );
}

test('bot eval --json: a headline in words, accuracy, and the decisions on in-scope and out-of-scope lines, per language', () => {
  const result = kanava([
    'eval',
    '--train',
    'content/bot/training.json',
    '--data',
    'content/bot/dev-questions.jsonl',
    '--json',
    '--report',
  ]);
  assert.equal(result.status, 0, result.stderr);
  const figures = JSON.parse(result.stdout) as SetFigures & {
    headline: string;
    thresholds: unknown;
    languages: Record<string, SetFigures>;
    misclassified: unknown[];
    confusions: unknown[];
  } & Record<string, unknown>;
  // The dev set: 32 intents × 2 questions × 3 languages in scope, 15 out of scope per language.
  assert.equal(figures.lines, 237);
  assert.equal(figures.inScope.lines, 192);
  assert.equal(figures.outOfScope.lines, 45);
  assert.match(figures.headline, /^237 questions\. In scope \(192\): answered right [\d.]+ %, answered wrong [\d.]+ %, offered choices/);
  assert.match(
    figures.headline,
    /Accuracy [\d.]+ = in-scope questions answered right or offered the right intent first, plus out-of-scope ones handed off, over all 237\.$/,
  );
  assertConsistent('all', figures.inScope, figures.outOfScope);
  // Accuracy is exactly what the headline says it counts.
  const right =
    figures.inScope.lines * (figures.inScope.answeredRight + figures.inScope.firstChoiceRight) +
    figures.outOfScope.lines * figures.outOfScope.handedOff;
  assert.ok(Math.abs(figures.accuracy - right / figures.lines) < 0.001, `accuracy ${figures.accuracy} vs ${right / figures.lines}`);
  for (const language of ['fi', 'sv', 'en']) {
    const set = figures.languages[language]!;
    assert.equal(set.lines, 79, language);
    assert.equal(set.inScope.lines, 64, language);
    assertConsistent(language, set.inScope, set.outOfScope);
  }
  assert.deepEqual(figures.thresholds, tuned.kanava.thresholds);
  for (const key of ['macroF1', 'p50Ms', 'p95Ms', 'trainMs']) assert.equal(typeof figures[key], 'number', key);
  assert.ok(Array.isArray(figures.misclassified) && Array.isArray(figures.confusions));
  // The dev figures are the ones the tuning recorded: same thresholds, same decisions.
  assert.equal(figures.headline, tuned.kanava.devHeadline);
});

test('bot eval without --json prints the headline first', () => {
  const result = kanava(['eval', '--train', 'content/bot/training.json', '--data', 'content/bot/dev-questions.jsonl']);
  assert.equal(result.status, 0, result.stderr);
  const [first, ...rest] = result.stdout.split('\n');
  assert.equal(first, tuned.kanava.devHeadline);
  for (const language of ['fi', 'sv', 'en'])
    assert.ok(
      rest.some((l) => l.startsWith(`  ${language} (79 lines): accuracy `)),
      language,
    );
});

test('bot eval refuses bad arguments with exit 2 and a usage message', () => {
  const missing = kanava(['eval', '--train', 'content/bot/training.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--train and --data are required/);
  const badThreshold = kanava([
    'eval',
    '--train',
    'content/bot/training.json',
    '--data',
    'content/bot/dev-questions.jsonl',
    '--threshold',
    '7',
  ]);
  assert.equal(badThreshold.status, 2);
  assert.match(badThreshold.stderr, /--threshold/);
  const noFile = kanava(['eval', '--train', 'nope.json', '--data', 'content/bot/dev-questions.jsonl']);
  assert.equal(noFile.status, 2);
  assert.match(noFile.stderr, /nope.json/);
  assert.equal(kanava(['frob']).status, 2);
});
