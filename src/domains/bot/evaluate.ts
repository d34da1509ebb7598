// Measures a classifier on labelled questions. A question labelled `out_of_scope` is right
// when the bot declines (hands off); any other is right when the bot answers with that
// intent or offers it first among choices. A hand-off on an in-scope question is wrong.
import { performance } from 'node:perf_hooks';
import { OUT_OF_SCOPE, type BotLanguage, type TestLine } from './training-data.js';

export interface Prediction {
  /** The intent answered or offered first, or out_of_scope when the bot hands off. */
  label: string;
}

export type Predict = (line: TestLine) => Prediction;

export interface Figures {
  lines: number;
  accuracy: number;
  macroF1: number;
  languages: Record<BotLanguage, { lines: number; accuracy: number; outOfScope: { precision: number; recall: number } }>;
  outOfScope: { precision: number; recall: number };
  p50Ms: number;
  p95Ms: number;
  confusions: { expected: string; predicted: string; count: number }[];
  misclassified: { text: string; lang: string; expected: string; predicted: string }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

function outOfScopeFigures(results: { expected: string; predicted: string }[]) {
  const tp = results.filter((r) => r.expected === OUT_OF_SCOPE && r.predicted === OUT_OF_SCOPE).length;
  const predicted = results.filter((r) => r.predicted === OUT_OF_SCOPE).length;
  const actual = results.filter((r) => r.expected === OUT_OF_SCOPE).length;
  return { precision: ratio(tp, predicted), recall: ratio(tp, actual) };
}

export function evaluate(lines: TestLine[], predict: Predict): Figures {
  const results: { line: TestLine; expected: string; predicted: string; ms: number }[] = [];
  for (const line of lines) {
    const started = performance.now();
    const { label } = predict(line);
    results.push({ line, expected: line.intent, predicted: label, ms: performance.now() - started });
  }
  const correct = (r: { expected: string; predicted: string }) => r.expected === r.predicted;
  const labels = [...new Set(results.flatMap((r) => [r.expected, r.predicted]))];
  const f1s = labels
    .filter((label) => results.some((r) => r.expected === label))
    .map((label) => {
      const tp = results.filter((r) => r.expected === label && r.predicted === label).length;
      const fp = results.filter((r) => r.expected !== label && r.predicted === label).length;
      const fn = results.filter((r) => r.expected === label && r.predicted !== label).length;
      return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    });
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (p: number) => Math.round((times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] ?? 0) * 1000) / 1000;
  const languages = Object.fromEntries(
    (['fi', 'sv', 'en'] as const).map((language) => {
      const subset = results.filter((r) => r.line.lang === language);
      return [language, { lines: subset.length, accuracy: ratio(subset.filter(correct).length, subset.length), outOfScope: outOfScopeFigures(subset) }];
    }),
  ) as Figures['languages'];
  const confusionCounts = new Map<string, number>();
  for (const r of results) if (!correct(r)) confusionCounts.set(`${r.expected}\u0000${r.predicted}`, (confusionCounts.get(`${r.expected}\u0000${r.predicted}`) ?? 0) + 1);
  return {
    lines: results.length,
    accuracy: ratio(results.filter(correct).length, results.length),
    macroF1: Math.round((f1s.reduce((a, b) => a + b, 0) / Math.max(1, f1s.length)) * 10_000) / 10_000,
    languages,
    outOfScope: outOfScopeFigures(results),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    confusions: [...confusionCounts]
      .map(([key, count]) => {
        const [expected = '', predicted = ''] = key.split('\u0000');
        return { expected, predicted, count };
      })
      .sort((a, b) => b.count - a.count),
    misclassified: results.filter((r) => !correct(r)).map((r) => ({ text: r.line.text, lang: r.line.lang, expected: r.expected, predicted: r.predicted })),
  };
}
