// `kanava bot eval --train <training.json> --data <test.jsonl> [--json] [--threshold n] [--report]`
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { IntentClassifier } from './classifier.js';
import { evaluate } from './evaluate.js';
import { headline, textReport } from './report.js';
import { loadTrainingFile, parseTestLines } from './training-data.js';

const usage = `Usage: kanava bot eval --train <training.json> --data <test.jsonl> [--json] [--threshold <0..1>] [--report]
  --train      training data (format: docs/bot.md)
  --data       test questions, one JSON object per line: {"text","lang","intent"}
  --json       print one JSON object with the figures (fields: docs/bot.md, "Figures")
  --threshold  confidence needed to answer (default ${new IntentClassifier().thresholds.answer}, tuned on the dev set)
  --report     also print the confusion pairs and the lines not counted right
`;

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index === -1) return undefined;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

class UsageError extends Error {}

/** The p-quantile (0..1) of per-line times in ms, rounded to µs. */
function percentile(times: number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round((sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0) * 1000) / 1000;
}

export async function botCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === 'help') {
    process.stdout.write(usage);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'eval') {
    process.stderr.write(`kanava bot: unknown subcommand "${sub}"\n${usage}`);
    return 2;
  }
  try {
    const trainPath = option(rest, '--train');
    const dataPath = option(rest, '--data');
    if (!trainPath || !dataPath) throw new UsageError('--train and --data are required');
    const thresholdText = option(rest, '--threshold');
    const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
    if (threshold !== undefined && !(threshold > 0 && threshold <= 1)) throw new UsageError('--threshold must be a number in (0, 1]');
    const training = loadTrainingFile(trainPath);
    const lines = parseTestLines(readFileSync(dataPath, 'utf8'), dataPath);
    const classifier = new IntentClassifier(threshold === undefined ? {} : { answer: threshold });
    const started = performance.now();
    classifier.train(training.intents);
    const trainMs = Math.round(performance.now() - started);
    const times: number[] = [];
    const outcomes = lines.map((line) => {
      const before = performance.now();
      const result = classifier.classify(line.text, { languageHint: line.lang });
      times.push(performance.now() - before);
      return result;
    });
    const figures = evaluate(lines, outcomes);
    const latency = { p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
    const report = rest.includes('--report');
    if (rest.includes('--json')) {
      const { confusions, misclassified, ...summary } = figures;
      const output = {
        headline: headline(figures),
        ...summary,
        ...latency,
        trainMs,
        thresholds: classifier.thresholds,
        ...(report ? { confusions, misclassified } : {}),
      };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    } else process.stdout.write(textReport(figures, { ...latency, trainMs }, report));
    return 0;
  } catch (error) {
    process.stderr.write(`kanava bot eval: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write(usage);
    return 2;
  }
}
