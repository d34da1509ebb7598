// Features of a message for the linear model. Finnish and Swedish inflect and compound
// heavily (kirjastokorttini, lainojen, lånekortet), and customers misspell: whole words
// alone rarely match. So each word also gives its first 4–6 letters (a cheap stem that
// survives most case endings and consonant gradation at the stem's end) and its character
// 3–5-grams (which find "kortti" inside "kirjastokorttini"), plus neighbouring-word pairs.
export type FeatureCounts = Map<string, number>;

export function extractFeatures(tokens: string[]): FeatureCounts {
  const features: FeatureCounts = new Map();
  const add = (key: string, weight: number) => features.set(key, (features.get(key) ?? 0) + weight);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    add(`w:${token}`, 1);
    if (token.length > 4) for (const n of [4, 5, 6]) if (token.length > n) add(`p${n}:${token.slice(0, n)}`, 0.7);
    const padded = `_${token}_`;
    if (token.length >= 3) {
      for (const n of [3, 4, 5]) {
        for (let j = 0; j + n <= padded.length; j += 1) add(`c:${padded.slice(j, j + n)}`, 0.25);
      }
    }
    const next = tokens[i + 1];
    if (next) add(`b:${token.slice(0, 5)}_${next.slice(0, 5)}`, 0.5);
  }
  return features;
}
