// Tunes the decision thresholds of every benchmarked classifier (Kanava, nlp.js, the
// naive Bayes baseline) the same way, on the dev questions only, and with --write records
// them in src/domains/bot/tuned-thresholds.json, where the classifier and the benchmark
// read them. The test questions are refused: they are only reported.
//
// Usage: node --import tsx scripts/bot/tune.ts [--train=<training.json>] [--data=<dev.jsonl>] [--write]
//   (or `npm run -s bot:tune -- --write`)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { contenders, rankAll } from '../../bench/bot.js';
import { decide } from '../../src/domains/bot/decide.js';
import { evaluate } from '../../src/domains/bot/evaluate.js';
import { headline } from '../../src/domains/bot/report.js';
import { loadTrainingFile, parseTestLines } from '../../src/domains/bot/training-data.js';
import { decisionValues, defaultGrid, tune } from '../../src/domains/bot/tune.js';

const root = resolve(new URL('../../', import.meta.url).pathname);
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const trainPath = resolve(option('train', `${root}/content/bot/training.json`));
const dataPath = resolve(option('data', `${root}/content/bot/dev-questions.jsonl`));
const output = `${root}/src/domains/bot/tuned-thresholds.json`;

if (dataPath === resolve(root, 'content/bot/test-questions.jsonl')) {
  process.stderr.write('tune: refusing the test questions; thresholds are tuned on the dev set, the test set is only reported\n');
  process.exit(2);
}

/** Short content hash, so a reader (and the benchmark) can tell whether the files changed since tuning. */
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);

const training = loadTrainingFile(trainPath);
const lines = parseTestLines(readFileSync(dataPath, 'utf8'), dataPath);
const record: Record<string, unknown> = {
  note: 'Written by scripts/bot/tune.ts (docs/bot.md, "Thresholds"); rerun it instead of editing by hand.',
  tunedOn: {
    train: relative(root, trainPath),
    trainSha256: sha(trainPath),
    data: relative(root, dataPath),
    dataSha256: sha(dataPath),
    lines: lines.length,
  },
  decisionValues,
  grid: Object.fromEntries(
    Object.entries(defaultGrid).map(([key, values]) => [key, `${values[0]}..${values.at(-1)} (${values.length} values)`]),
  ),
};
for (const make of contenders) {
  const contender = make();
  const { evidence } = await rankAll(contender, training.intents, lines);
  // A contender that does not measure coverage gets coverage 1 on every line; tuning that
  // threshold would only pick an arbitrary value that never acts.
  const grid = contender.hasCoverage ? defaultGrid : { ...defaultGrid, coverage: [0] };
  const { thresholds, value } = tune(lines, evidence, { grid });
  const figures = evaluate(
    lines,
    evidence.map((e) => decide(e, thresholds)),
  );
  record[contender.key] = { name: contender.name, thresholds, devValuePerLine: value, devHeadline: headline(figures) };
  process.stderr.write(`${contender.name}: ${JSON.stringify(thresholds)}, value ${value} per line\n  ${headline(figures)}\n`);
}

const json = `${JSON.stringify(record, null, 2)}\n`;
if (args.includes('--write')) {
  writeFileSync(output, json);
  process.stderr.write(`wrote ${relative(root, output)}\n`);
} else process.stdout.write(json);
