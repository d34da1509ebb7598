// Features of a message for the linear model. Finnish and Swedish inflect and compound
// heavily (kirjastokorttini, lainojen, lånekortet), and customers misspell: whole words
// alone rarely match. So each word also gives its first 4–6 letters (a cheap stem that
// survives most case endings and consonant gradation at the stem's end) and its character
// 3–5-grams (which find "kortti" inside "kirjastokorttini"), plus neighbouring-word pairs.
export type FeatureCounts = Map<string, number>;

export interface FeatureWeights {
  word: number;
  prefix: number;
  chars: number;
  pair: number;
}

// Chosen on the dev questions (content/bot/dev-questions.jsonl), never on the test set.
export const defaultWeights: FeatureWeights = { word: 1, prefix: 0.7, chars: 0.25, pair: 0.5 };

export function extractFeatures(tokens: string[], weights: FeatureWeights = defaultWeights): FeatureCounts {
  const features: FeatureCounts = new Map();
  const add = (key: string, weight: number) => features.set(key, (features.get(key) ?? 0) + weight);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    add(`w:${token}`, weights.word);
    if (token.length > 4) for (const n of [4, 5, 6]) if (token.length > n) add(`p${n}:${token.slice(0, n)}`, weights.prefix);
    const padded = `_${token}_`;
    if (token.length >= 3 && weights.chars > 0) {
      for (const n of [3, 4, 5]) {
        for (let j = 0; j + n <= padded.length; j += 1) add(`c:${padded.slice(j, j + n)}`, weights.chars);
      }
    }
    const next = tokens[i + 1];
    if (next && weights.pair > 0) add(`b:${token.slice(0, 5)}_${next.slice(0, 5)}`, weights.pair);
  }
  return features;
}
