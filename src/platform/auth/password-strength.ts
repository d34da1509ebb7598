// The password policy beyond length: refuse what an attacker would guess early, as zxcvbn-ts
// estimates it (common passwords, words, names, keyboard rows, repeats, sequences, dates, and
// the person's own email, name and library), with English and Finnish dictionaries and our own
// list of Swedish and library words (password-words.ts; there is no Swedish language package).
//
// The estimator and its dictionaries (~10 MB on disk, ~30 MB of heap) are loaded on the first
// check only, once: a server that never sets a password never pays for them, and start-up
// does not wait for them.
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import { libraryWords } from './password-words.js';

/** zxcvbn's score: 3 means ~10^8 guesses or more ("safely unguessable" online, slow offline). */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Only this many characters are analysed: the estimator's time grows steeply with length (a
 * 200-character password took seconds), and a password whose first 64 characters are strong is
 * strong. Also fewer l33t substitutions than its default: they dominate the time of long
 * passwords full of digits and symbols, and ten already cover any l33t-spelt word.
 */
const ANALYSED_LENGTH = 64;
const L33T_MAX_SUBSTITUTIONS = 10;

/** Why a password is refused: the `validation.password_*` catalogue key naming the reason. */
export type PasswordProblem =
  | 'validation.password_common'
  | 'validation.password_personal'
  | 'validation.password_word'
  | 'validation.password_names'
  | 'validation.password_keyboard'
  | 'validation.password_repeat'
  | 'validation.password_sequence'
  | 'validation.password_dates'
  | 'validation.password_weak';

let estimator: Promise<ZxcvbnFactory> | undefined;

async function load(): Promise<ZxcvbnFactory> {
  const [{ ZxcvbnFactory }, common, en, fi] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-fi'),
  ]);
  return new ZxcvbnFactory({
    // The Finnish package's names carry no suffix; English ones end in -en, so none collide.
    dictionary: { ...common.dictionary, ...en.dictionary, ...fi.dictionary, 'library-words': [...libraryWords] },
    graphs: common.adjacencyGraphs,
    maxLength: ANALYSED_LENGTH,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  });
}

/** The estimator, loaded on first use (and again after a failed load). */
function passwordEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= load().catch((error: unknown) => {
    estimator = undefined;
    throw error;
  });
  return estimator;
}

/**
 * What the person, their library and the address are called, as words the estimator treats
 * as the easiest guesses: the whole values and their parts (`maija.meikalainen@kirkkonummi.fi`
 * gives maija, meikalainen, kirkkonummi).
 */
export function userInputWords(values: readonly (string | undefined)[]): string[] {
  const words = new Set<string>();
  for (const value of values) {
    const text = value?.trim().toLowerCase();
    if (!text) continue;
    words.add(text);
    for (const part of text.split(/[\s@._+\-–—,;:'"()/]+/u)) {
      if (part.length >= 3) words.add(part);
    }
  }
  return [...words];
}

const warningProblems: Record<string, PasswordProblem> = {
  topTen: 'validation.password_common',
  topHundred: 'validation.password_common',
  common: 'validation.password_common',
  similarToCommon: 'validation.password_common',
  pwned: 'validation.password_common',
  userInputs: 'validation.password_personal',
  wordByItself: 'validation.password_word',
  namesByThemselves: 'validation.password_names',
  commonNames: 'validation.password_names',
  straightRow: 'validation.password_keyboard',
  keyPattern: 'validation.password_keyboard',
  simpleRepeat: 'validation.password_repeat',
  extendedRepeat: 'validation.password_repeat',
  sequences: 'validation.password_sequence',
  recentYears: 'validation.password_dates',
  dates: 'validation.password_dates',
};

/** The most useful reason to give for a weak password. */
function problemOf(result: ZxcvbnResult): PasswordProblem {
  // The person's own name, email or library is the first thing to tell them about, even when
  // the estimator's one warning is about another part of the password.
  const personal = result.sequence.some((match) => match.pattern === 'dictionary' && match['dictionaryName'] === 'userInputs');
  if (personal) return 'validation.password_personal';
  const warning = result.feedback.warning;
  return (warning && warningProblems[warning]) || 'validation.password_weak';
}

/**
 * Why this password is too easy to guess, or undefined when it is strong enough. `userInputs`:
 * the person's email and name, the library's slug and names (see userInputWords).
 */
export async function passwordProblem(
  password: string,
  userInputs: readonly (string | undefined)[] = [],
): Promise<PasswordProblem | undefined> {
  const result = (await passwordEstimator()).check(password, userInputWords(userInputs));
  return result.score >= MIN_PASSWORD_SCORE ? undefined : problemOf(result);
}
