// `kanava bot eval --train <training.json> --data <test.jsonl> [--json] [--threshold n] [--report]`
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { IntentClassifier } from './classifier.js';
import { evaluate } from './evaluate.js';
import { loadTrainingFile, OUT_OF_SCOPE, parseTestLines } from './training-data.js';

const usage = `Usage: kanava bot eval --train <training.json> --data <test.jsonl> [--json] [--threshold <0..1>] [--report]
  --train      training data (format: docs/bot.md)
  --data       test questions, one JSON object per line: {"text","lang","intent"}
  --json       print one JSON object with the figures
  --threshold  confidence needed to answer (default ${new IntentClassifier().thresholds.answer})
  --report     also print the confusion pairs and the misclassified lines
`;

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index === -1) return undefined;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

class UsageError extends Error {}

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
    const figures = evaluate(lines, (line) => {
      const result = classifier.classify(line.text, { languageHint: line.lang });
      return { label: result.decision === 'handoff' ? OUT_OF_SCOPE : result.intents[0]! };
    });
    const { confusions, misclassified, ...summary } = figures;
    const output = { ...summary, trainMs, thresholds: classifier.thresholds, ...(rest.includes('--report') ? { confusions, misclassified } : {}) };
    if (rest.includes('--json')) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    else {
      process.stdout.write(
        [
          `lines ${figures.lines}, accuracy ${figures.accuracy}, macro-F1 ${figures.macroF1}`,
          ...(['fi', 'sv', 'en'] as const).map((l) => `  ${l}: accuracy ${figures.languages[l].accuracy} (${figures.languages[l].lines} lines)`),
          `out of scope: precision ${figures.outOfScope.precision}, recall ${figures.outOfScope.recall}`,
          `latency p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms; training ${trainMs} ms`,
          ...(rest.includes('--report')
            ? ['', 'confusions (expected → predicted):', ...confusions.map((c) => `  ${c.count}× ${c.expected} → ${c.predicted}`), '', 'misclassified:', ...misclassified.map((m) => `  [${m.lang}] ${m.expected} → ${m.predicted}: ${m.text}`)]
            : []),
          '',
        ].join('\n'),
      );
    }
    return 0;
  } catch (error) {
    process.stderr.write(`kanava bot eval: ${(error as Error).message}\n`);
    if (error instanceof UsageError) process.stderr.write(usage);
    return 2;
  }
}
