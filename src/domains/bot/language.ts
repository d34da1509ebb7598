// Which of fi/sv/en a message is written in: a character 1–3-gram naive Bayes model
// trained on the library's own phrases, nudged by the customer's chosen language.
import type { BotLanguage } from './training-data.js';

type Counts = Map<string, number>;

function grams(text: string): string[] {
  const padded = ` ${text
    .toLowerCase()
    .replace(/[^\p{L} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  const out: string[] = [];
  for (let n = 1; n <= 3; n += 1) for (let i = 0; i + n <= padded.length; i += 1) out.push(padded.slice(i, i + n));
  return out;
}

export class LanguageDetector {
  readonly #counts = new Map<BotLanguage, Counts>();
  readonly #totals = new Map<BotLanguage, number>();
  #vocabulary = 1;

  train(samples: { text: string; language: BotLanguage }[]): void {
    const seen = new Set<string>();
    for (const { text, language } of samples) {
      const counts = this.#counts.get(language) ?? new Map<string, number>();
      this.#counts.set(language, counts);
      for (const gram of grams(text)) {
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
        this.#totals.set(language, (this.#totals.get(language) ?? 0) + 1);
        seen.add(gram);
      }
    }
    this.#vocabulary = Math.max(1, seen.size);
  }

  /** The most likely language; a hint (the customer's chosen language) wins close calls. */
  detect(text: string, hint?: BotLanguage): BotLanguage {
    const textGrams = grams(text).slice(0, 2000);
    let best: BotLanguage | undefined;
    let bestScore = -Infinity;
    for (const [language, counts] of this.#counts) {
      const total = this.#totals.get(language) ?? 0;
      let score = language === hint ? 3 : 0;
      for (const gram of textGrams) score += Math.log(((counts.get(gram) ?? 0) + 0.5) / (total + 0.5 * this.#vocabulary));
      if (score > bestScore) {
        bestScore = score;
        best = language;
      }
    }
    return best ?? hint ?? 'fi';
  }
}
