// Bot benchmark on the held-out test questions: Kanava's classifier against nlp.js
// (node-nlp with its fi/sv/en packages) and a plain bag-of-words naive Bayes, all trained
// on the same training file in the same run. `--data=` and `--train=` override the files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { IntentClassifier } from '../src/domains/bot/classifier.js';
import { evaluate, type Figures } from '../src/domains/bot/evaluate.js';
import { botLanguages, loadTrainingFile, OUT_OF_SCOPE, parseTestLines, type Intent, type TestLine } from '../src/domains/bot/training-data.js';

const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url).pathname;

interface Contender {
  train(intents: Intent[]): Promise<void> | void;
  predict(line: TestLine): string;
}

function kanava(): Contender {
  const classifier = new IntentClassifier();
  return {
    train: (intents) => classifier.train(intents),
    predict: (line) => {
      const result = classifier.classify(line.text, { languageHint: line.lang });
      return result.decision === 'handoff' ? OUT_OF_SCOPE : result.intents[0]!;
    },
  };
}

/** nlp.js as its docs show it: one NlpManager for fi/sv/en; "None" or low score = decline. */
function nlpjs(): Contender {
  const { NlpManager } = require('node-nlp') as { NlpManager: new (options: object) => NlpManagerLike };
  interface NlpManagerLike {
    addDocument(language: string, text: string, intent: string): void;
    train(): Promise<void>;
    process(language: string, text: string): Promise<{ intent: string; score: number }>;
  }
  const manager = new NlpManager({ languages: [...botLanguages], forceNER: false, autoSave: false, nlu: { log: false } });
  const cache = new Map<string, string>();
  return {
    async train(intents) {
      for (const intent of intents) for (const language of botLanguages) for (const text of intent.phrases[language] ?? []) manager.addDocument(language, text, intent.id);
      await manager.train();
    },
    predict: (line) => cache.get(`${line.lang}\u0000${line.text}`) ?? OUT_OF_SCOPE,
    // nlp.js is asynchronous; answers are computed ahead (timed separately) and looked up.
    async precompute(lines: TestLine[]) {
      const times: number[] = [];
      for (const line of lines) {
        const started = performance.now();
        const result = await manager.process(line.lang, line.text);
        times.push(performance.now() - started);
        cache.set(`${line.lang}\u0000${line.text}`, result.intent === 'None' || result.score < 0.5 ? OUT_OF_SCOPE : result.intent);
      }
      return times;
    },
  } as Contender & { precompute(lines: TestLine[]): Promise<number[]> };
}

/** Multinomial naive Bayes over raw lower-case words; decline below a posterior of 0.5. */
function bagOfWords(): Contender {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const priors = new Map<string, number>();
  const vocabulary = new Set<string>();
  const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return {
    train(intents) {
      for (const intent of intents) {
        const c = new Map<string, number>();
        counts.set(intent.id, c);
        for (const language of botLanguages) {
          for (const text of intent.phrases[language] ?? []) {
            priors.set(intent.id, (priors.get(intent.id) ?? 0) + 1);
            for (const w of words(text)) {
              c.set(w, (c.get(w) ?? 0) + 1);
              totals.set(intent.id, (totals.get(intent.id) ?? 0) + 1);
              vocabulary.add(w);
            }
          }
        }
      }
    },
    predict(line) {
      const ws = words(line.text);
      const scores = [...counts].map(([intent, c]) => {
        let score = Math.log(priors.get(intent) ?? 1);
        for (const w of ws) score += Math.log(((c.get(w) ?? 0) + 1) / ((totals.get(intent) ?? 0) + vocabulary.size));
        return { intent, score };
      });
      const max = Math.max(...scores.map((s) => s.score));
      const sum = scores.reduce((s, x) => s + Math.exp(x.score - max), 0);
      const best = scores.find((s) => s.score === max)!;
      return ws.length === 0 || 1 / sum < 0.5 ? OUT_OF_SCOPE : best.intent;
    },
  };
}

async function measure(name: string, make: () => Contender, intents: Intent[], lines: TestLine[]) {
  if (global.gc) global.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const contender = make();
  const started = performance.now();
  await contender.train(intents);
  const trainMs = performance.now() - started;
  let asyncTimes: number[] | undefined;
  const withPrecompute = contender as Contender & { precompute?: (l: TestLine[]) => Promise<number[]> };
  if (withPrecompute.precompute) asyncTimes = await withPrecompute.precompute(lines);
  const figures: Figures = evaluate(lines, (line) => ({ label: contender.predict(line) }));
  const heapAfter = process.memoryUsage().heapUsed;
  const latency = asyncTimes ? [...asyncTimes].sort((a, b) => a - b) : null;
  const at = (p: number) => (latency ? Math.round(latency[Math.min(latency.length - 1, Math.ceil(p * latency.length) - 1)]! * 1000) / 1000 : 0);
  const { confusions: _c, misclassified: _m, ...summary } = figures;
  return {
    name,
    ...summary,
    ...(latency ? { p50Ms: at(0.5), p95Ms: at(0.95) } : {}),
    trainMs: Math.round(trainMs),
    heapDeltaMb: Math.round(((heapAfter - heapBefore) / 2 ** 20) * 10) / 10,
  };
}

export async function run(args: string[]) {
  const option = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const trainPath = option('train', `${root}content/bot/training.json`);
  const dataPath = option('data', `${root}content/bot/test-questions.jsonl`);
  const training = loadTrainingFile(trainPath);
  const lines = parseTestLines(readFileSync(dataPath, 'utf8'), dataPath);
  const kanavaFigures = await measure('kanava', kanava, training.intents, lines);
  const nlpFigures = await measure('nlp.js (node-nlp 4.27)', nlpjs, training.intents, lines);
  const bowFigures = await measure('bag-of-words naive Bayes', bagOfWords, training.intents, lines);
  const floor = {
    aheadOfNlpjsInEveryLanguage: botLanguages.every((l) => kanavaFigures.languages[l].accuracy > nlpFigures.languages[l].accuracy),
    aheadOfNlpjsOnOutOfScopeRecall: kanavaFigures.outOfScope.recall > nlpFigures.outOfScope.recall,
    p95Under10ms: kanavaFigures.p95Ms < 10,
    trainingUnder10s: kanavaFigures.trainMs < 10_000,
  };
  return {
    data: { train: trainPath.replace(root, ''), test: dataPath.replace(root, ''), lines: lines.length, intents: training.intents.length },
    voikko: 'not used: no Voikko morphology in this build (figures are without it)',
    kanava: kanavaFigures,
    nlpjs: nlpFigures,
    bagOfWords: bowFigures,
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
    floor,
  };
}
