import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const root = new URL('../../../', import.meta.url).pathname;
const kanava = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'bot', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

test('bot eval prints one JSON object with the required figures', () => {
  const result = kanava(['eval', '--train', 'content/bot/training.json', '--data', 'content/bot/dev-questions.jsonl', '--json', '--report']);
  assert.equal(result.status, 0, result.stderr);
  const figures = JSON.parse(result.stdout) as Record<string, unknown> & {
    languages: Record<string, { accuracy: number }>;
    outOfScope: { precision: number; recall: number };
    misclassified: unknown[];
    confusions: unknown[];
  };
  for (const key of ['accuracy', 'macroF1', 'p50Ms', 'p95Ms', 'trainMs']) assert.equal(typeof figures[key], 'number', key);
  for (const language of ['fi', 'sv', 'en']) assert.equal(typeof figures.languages[language]?.accuracy, 'number');
  assert.equal(typeof figures.outOfScope.precision, 'number');
  assert.equal(typeof figures.outOfScope.recall, 'number');
  assert.ok(Array.isArray(figures.misclassified) && Array.isArray(figures.confusions));
});

test('bot eval refuses bad arguments with exit 2 and a usage message', () => {
  const missing = kanava(['eval', '--train', 'content/bot/training.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--train and --data are required/);
  const badThreshold = kanava(['eval', '--train', 'content/bot/training.json', '--data', 'content/bot/dev-questions.jsonl', '--threshold', '7']);
  assert.equal(badThreshold.status, 2);
  assert.match(badThreshold.stderr, /--threshold/);
  const noFile = kanava(['eval', '--train', 'nope.json', '--data', 'content/bot/dev-questions.jsonl']);
  assert.equal(noFile.status, 2);
  assert.match(noFile.stderr, /nope.json/);
  assert.equal(kanava(['frob']).status, 2);
});
