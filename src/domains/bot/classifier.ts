// The bot's intent classifier. It is trained only on the library's own phrases and runs
// offline. It ranks intents with calibrated confidence and decides: answer (one intent is
// clear), offer choices (two or three are plausible), or hand off to a person (unsure,
// out of scope, or a message it cannot read). It never guesses past its thresholds.
import { defaultWeights, extractFeatures, type FeatureWeights } from './features.js';
import { LanguageDetector } from './language.js';
import { latinShare, tokenize } from './normalize.js';
import { SoftmaxModel, softmax, type SparseVector } from './softmax.js';
import { decide, type Decision, type Evidence, type HandoffReason, type RankedIntent, type Thresholds } from './decide.js';
import { botLanguages, type BotLanguage, type Intent } from './training-data.js';
import tuned from './tuned-thresholds.json' with { type: 'json' };

export interface Classification {
  language: BotLanguage;
  ranked: RankedIntent[];
  /** Share of the message's words seen in training. */
  coverage: number;
  decision: Decision;
  /** The intent to answer with (decision answer), or the ones to offer (choices). */
  intents: string[];
  reason?: HandoffReason;
}

/** The model's view of a message before thresholds: what `decide` turns into a decision. */
export interface MessageEvidence extends Evidence {
  language: BotLanguage;
}

// Written by scripts/bot/tune.ts from the dev questions only (docs/bot.md, "Thresholds").
export const defaultThresholds: Thresholds = tuned.kanava.thresholds;

interface TrainOptions {
  epochs?: number;
  /** Fit the temperature by k-fold cross-validation over the phrases (k=4). */
  calibrate?: boolean;
  seed?: number;
  weights?: FeatureWeights;
  l2?: number;
}

interface Sample {
  text: string;
  language: BotLanguage;
  intent: number;
}

export class IntentClassifier {
  #intents: string[] = [];
  #vocabulary = new Map<string, number>();
  #model: SoftmaxModel | null = null;
  #language = new LanguageDetector();
  #weights: FeatureWeights = defaultWeights;
  thresholds: Thresholds;

  constructor(thresholds: Partial<Thresholds> = {}) {
    this.thresholds = { ...defaultThresholds, ...thresholds };
  }

  get intents(): readonly string[] {
    return this.#intents;
  }

  train(intents: Intent[], options: TrainOptions = {}): void {
    this.#intents = intents.map((i) => i.id);
    const samples: Sample[] = intents.flatMap((intent, index) =>
      botLanguages.flatMap((language) => (intent.phrases[language] ?? []).map((text) => ({ text, language, intent: index }))),
    );
    if (samples.length === 0) throw new Error('no training phrases');
    this.#language = new LanguageDetector();
    this.#language.train(samples);
    const epochs = options.epochs ?? 12;
    const seed = options.seed ?? 7;
    this.#weights = options.weights ?? defaultWeights;
    const l2 = options.l2 ?? 1e-5;
    let temperature = 1;
    if (options.calibrate ?? true) temperature = this.#fitTemperature(samples, epochs, seed, l2);
    const { model, vocabulary } = fit(samples, this.#intents.length, epochs, seed, this.#weights, l2);
    model.temperature = temperature;
    this.#model = model;
    this.#vocabulary = vocabulary;
  }

  /** Cross-validated held-out logits; the temperature minimising their log-loss. */
  #fitTemperature(samples: Sample[], epochs: number, seed: number, l2: number): number {
    const folds = 4;
    const held: { logits: Float64Array; y: number }[] = [];
    for (let fold = 0; fold < folds; fold += 1) {
      const train = samples.filter((_, i) => i % folds !== fold);
      const test = samples.filter((_, i) => i % folds === fold);
      const { model, vocabulary } = fit(train, this.#intents.length, epochs, seed + fold, this.#weights, l2);
      for (const sample of test)
        held.push({ logits: model.logits(vectorize(sample.text, vocabulary, this.#weights).vector), y: sample.intent });
    }
    let best = 1;
    let bestLoss = Infinity;
    for (let t = 0.2; t <= 4; t += 0.05) {
      let loss = 0;
      for (const { logits, y } of held) loss -= Math.log(Math.max(1e-12, softmax(logits, t)[y]!));
      if (loss < bestLoss) {
        bestLoss = loss;
        best = t;
      }
    }
    return Math.round(best * 100) / 100;
  }

  /** Ranked intents and word coverage of a message; nothing ranked when it cannot be read. */
  evidence(text: string, languageHint?: BotLanguage): MessageEvidence {
    if (!this.#model) throw new Error('the classifier is not trained');
    const input = typeof text === 'string' ? text : '';
    const unreadable = (language: BotLanguage = languageHint ?? 'fi'): MessageEvidence => ({ language, ranked: [], coverage: 0 });
    // Other scripts (Cyrillic, Arabic, Chinese…) and emoji-only messages: a person answers.
    if (latinShare(input) < 0.6) return unreadable();
    const language = this.#language.detect(input.slice(0, 2000), languageHint);
    const { vector, coverage, words } = vectorize(input, this.#vocabulary, this.#weights);
    if (words === 0 || vector.indices.length === 0) return unreadable(language);
    const probabilities = this.#model.probabilities(vector);
    // The top five hold the best out_of_scope score and at least four in-scope intents:
    // all that `decide` looks at (it offers at most three).
    const ranked = [...probabilities]
      .map((confidence, i) => ({ intent: this.#intents[i]!, confidence: Math.round(confidence * 1000) / 1000 }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, 5);
    return { language, ranked, coverage };
  }

  classify(text: string, options: { languageHint?: BotLanguage; thresholds?: Partial<Thresholds> } = {}): Classification {
    const evidence = this.evidence(text, options.languageHint);
    const outcome = decide(evidence, { ...this.thresholds, ...options.thresholds });
    return { language: evidence.language, ranked: evidence.ranked, coverage: evidence.coverage, ...outcome };
  }
}

function fit(samples: Sample[], classes: number, epochs: number, seed: number, weights: FeatureWeights, l2: number) {
  const vocabulary = new Map<string, number>();
  for (const sample of samples)
    for (const key of extractFeatures(tokenize(sample.text), weights).keys())
      if (!vocabulary.has(key)) vocabulary.set(key, vocabulary.size);
  const model = new SoftmaxModel(classes, vocabulary.size);
  model.train(
    samples.map((s) => ({ x: vectorize(s.text, vocabulary, weights).vector, y: s.intent })),
    { epochs, learningRate: 0.5, l2, seed },
  );
  return { model, vocabulary };
}

/** Sparse, L2-normalised log-count vector over the known features, and word coverage. */
function vectorize(
  text: string,
  vocabulary: Map<string, number>,
  weights: FeatureWeights,
): { vector: SparseVector; coverage: number; words: number } {
  const tokens = tokenize(text);
  const features = extractFeatures(tokens, weights);
  const indices: number[] = [];
  const values: number[] = [];
  for (const [key, count] of features) {
    const index = vocabulary.get(key);
    if (index === undefined) continue;
    indices.push(index);
    values.push(Math.log1p(count));
  }
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  for (let i = 0; i < values.length; i += 1) values[i] = values[i]! / norm;
  const known = tokens.filter((t) => vocabulary.has(`w:${t}`) || (t.length > 4 && vocabulary.has(`p4:${t.slice(0, 4)}`))).length;
  return { vector: { indices, values }, coverage: tokens.length ? known / tokens.length : 0, words: tokens.length };
}
