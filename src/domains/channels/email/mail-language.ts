// Which of our languages a mail is written in, for the conversation's language: what the
// sender's client declared, else a cheap guess from frequent words.

export type MailLanguage = 'fi' | 'sv' | 'en';

/** `fi-FI`, `sv`, `en-GB, fi` → the first language tag's language, if it is one of ours. */
export function languageFromHeader(value: string | undefined): MailLanguage | null {
  const primary = value?.split(',')[0]?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fi' || primary === 'sv' || primary === 'en' ? primary : null;
}

// Frequent short words that are each typical of one of the three languages (words shared
// between them, like "i" or "en", are left out).
const LANGUAGE_WORDS: Record<MailLanguage, Set<string>> = {
  fi: new Set(
    'ja on ei että se mutta kiitos hei moi olen oli ole olisi voi voisin voisitteko onko kun jos jo jonka joka tämä minun minulla minä teidän kirja kirjan kirjasto kirjaston lainan laina myös nyt vielä sekä kanssa tai vain missä mitä miten hyvä terveisin ystävällisin'.split(
      ' ',
    ),
  ),
  sv: new Set(
    'och är att det den jag inte hej tack med för på som har kan vi ni min mitt boken lånet också om till från eller hur när vill mvh hälsningar vänliga skulle kunna'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the and is are was be to of you your for thank thanks please hello my have with this that would could not book loan regards dear'.split(
      ' ',
    ),
  ),
};

/** The language most of the frequent words belong to; null when too few to tell. */
export function guessLanguage(text: string): MailLanguage | null {
  const words = text
    .slice(0, 4000)
    .toLowerCase()
    .match(/[a-zåäö]+/g);
  if (!words) return null;
  const scores: Record<MailLanguage, number> = { fi: 0, sv: 0, en: 0 };
  for (const word of words) {
    for (const language of ['fi', 'sv', 'en'] as const) if (LANGUAGE_WORDS[language].has(word)) scores[language] += 1;
  }
  const ranked = (Object.entries(scores) as Array<[MailLanguage, number]>).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  return best![1] >= 2 && best![1] > second![1] * 1.5 ? best![0] : null;
}
