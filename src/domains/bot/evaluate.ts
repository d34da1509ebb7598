// Scores the bot's decisions on labelled questions. Every classifier we report (ours,
// nlp.js, the baseline) is scored here, from the decisions `decide` made for it.
//
// Each line counts as exactly one of these, by its label and the decision:
//   in scope (labelled with an intent)      out of scope (labelled out_of_scope)
//     answeredRight   answered that intent      handedOff       handed to a person (right)
//     answeredWrong   answered another intent   answered        answered some intent
//     choicesRightFirst  offered choices, that intent first
//     choicesRightLater  offered choices, that intent second or third
//     choicesWithoutRight offered choices, none of them that intent
//     handedOff       handed to a person        offeredChoices  offered choices
// The published fractions are counts of these over the lines of their part of the set.
import type { Outcome } from './decide.js';
import { botLanguages, OUT_OF_SCOPE, type BotLanguage, type TestLine } from './training-data.js';

export type InScopeKind =
  'answeredRight' | 'answeredWrong' | 'choicesRightFirst' | 'choicesRightLater' | 'choicesWithoutRight' | 'handedOff';
export type OutOfScopeKind = 'handedOff' | 'answered' | 'offeredChoices';
export type LineKind = { scope: 'in'; kind: InScopeKind } | { scope: 'out'; kind: OutOfScopeKind };

export function kindOf(expected: string, outcome: Outcome): LineKind {
  if (expected === OUT_OF_SCOPE) {
    switch (outcome.decision) {
      case 'handoff':
        return { scope: 'out', kind: 'handedOff' };
      case 'answer':
        return { scope: 'out', kind: 'answered' };
      case 'choices':
        return { scope: 'out', kind: 'offeredChoices' };
    }
  }
  switch (outcome.decision) {
    case 'handoff':
      return { scope: 'in', kind: 'handedOff' };
    case 'answer':
      return { scope: 'in', kind: outcome.intents[0] === expected ? 'answeredRight' : 'answeredWrong' };
    case 'choices': {
      const at = outcome.intents.indexOf(expected);
      return { scope: 'in', kind: at === 0 ? 'choicesRightFirst' : at > 0 ? 'choicesRightLater' : 'choicesWithoutRight' };
    }
  }
}

/** The line counts towards `accuracy`: its intent answered or offered first, or out of scope handed off. */
export const isRight = (kind: LineKind) =>
  kind.scope === 'out' ? kind.kind === 'handedOff' : kind.kind === 'answeredRight' || kind.kind === 'choicesRightFirst';

/**
 * Fractions of the in-scope lines (denominator `lines`). A partition:
 * answeredRight + answeredWrong + offeredChoices + handedOff = 1. Within offeredChoices,
 * firstChoiceRight ≤ choicesContainRight ≤ offeredChoices (the right intent first; anywhere
 * among the offered ones).
 */
export interface InScopeFigures {
  lines: number;
  answeredRight: number;
  answeredWrong: number;
  offeredChoices: number;
  firstChoiceRight: number;
  choicesContainRight: number;
  handedOff: number;
}

/** Fractions of the out-of-scope lines (denominator `lines`); handedOff + answered + offeredChoices = 1. */
export interface OutOfScopeFigures {
  lines: number;
  handedOff: number;
  answered: number;
  offeredChoices: number;
}

export interface SetFigures {
  lines: number;
  /** (in-scope answeredRight + firstChoiceRight lines + out-of-scope handedOff lines) / all lines. */
  accuracy: number;
  inScope: InScopeFigures;
  outOfScope: OutOfScopeFigures;
}

export interface Figures extends SetFigures {
  /**
   * Macro-average over the labels of F1, where a line's predicted label is the intent
   * answered or offered first, or out_of_scope when handed off (answer and choices alike).
   */
  macroF1: number;
  languages: Record<BotLanguage, SetFigures>;
  confusions: { expected: string; predicted: string; count: number }[];
  misclassified: { text: string; lang: BotLanguage; expected: string; decision: Outcome['decision']; intents: string[] }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

interface Scored {
  line: TestLine;
  outcome: Outcome;
  kind: LineKind;
}

function setFigures(results: Scored[]): SetFigures {
  const inScope = results.filter((r) => r.kind.scope === 'in');
  const outOfScope = results.filter((r) => r.kind.scope === 'out');
  const count = (subset: Scored[], ...kinds: string[]) => subset.filter((r) => kinds.includes(r.kind.kind)).length;
  const inShare = (...kinds: InScopeKind[]) => ratio(count(inScope, ...kinds), inScope.length);
  const outShare = (kind: OutOfScopeKind) => ratio(count(outOfScope, kind), outOfScope.length);
  return {
    lines: results.length,
    accuracy: ratio(results.filter((r) => isRight(r.kind)).length, results.length),
    inScope: {
      lines: inScope.length,
      answeredRight: inShare('answeredRight'),
      answeredWrong: inShare('answeredWrong'),
      offeredChoices: inShare('choicesRightFirst', 'choicesRightLater', 'choicesWithoutRight'),
      firstChoiceRight: inShare('choicesRightFirst'),
      choicesContainRight: inShare('choicesRightFirst', 'choicesRightLater'),
      handedOff: inShare('handedOff'),
    },
    outOfScope: {
      lines: outOfScope.length,
      handedOff: outShare('handedOff'),
      answered: outShare('answered'),
      offeredChoices: outShare('offeredChoices'),
    },
  };
}

/** The label a line was given, for macro-F1 and the confusion pairs. */
const predictedLabel = (outcome: Outcome) => (outcome.decision === 'handoff' ? OUT_OF_SCOPE : outcome.intents[0]!);

/** Scores decisions on lines; `outcomes[i]` is the decision on `lines[i]`. */
export function evaluate(lines: TestLine[], outcomes: Outcome[]): Figures {
  if (outcomes.length !== lines.length) throw new Error(`${outcomes.length} decisions for ${lines.length} lines`);
  const results: Scored[] = lines.map((line, i) => ({ line, outcome: outcomes[i]!, kind: kindOf(line.intent, outcomes[i]!) }));
  const pairs = results.map((r) => ({ expected: r.line.intent, predicted: predictedLabel(r.outcome) }));
  const f1s = [...new Set(pairs.map((p) => p.expected))].map((label) => {
    const tp = pairs.filter((p) => p.expected === label && p.predicted === label).length;
    const fp = pairs.filter((p) => p.expected !== label && p.predicted === label).length;
    const fn = pairs.filter((p) => p.expected === label && p.predicted !== label).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const confusionCounts = new Map<string, number>();
  for (const { expected, predicted } of pairs) {
    if (expected !== predicted)
      confusionCounts.set(`${expected}\u0000${predicted}`, (confusionCounts.get(`${expected}\u0000${predicted}`) ?? 0) + 1);
  }
  return {
    ...setFigures(results),
    macroF1: ratio(
      f1s.reduce((a, b) => a + b, 0),
      Math.max(1, f1s.length),
    ),
    languages: Object.fromEntries(
      botLanguages.map((language) => [language, setFigures(results.filter((r) => r.line.lang === language))]),
    ) as Record<BotLanguage, SetFigures>,
    confusions: [...confusionCounts]
      .map(([key, count]) => {
        const [expected = '', predicted = ''] = key.split('\u0000');
        return { expected, predicted, count };
      })
      .sort((a, b) => b.count - a.count),
    misclassified: results
      .filter((r) => !isRight(r.kind))
      .map((r) => ({
        text: r.line.text,
        lang: r.line.lang,
        expected: r.line.intent,
        decision: r.outcome.decision,
        intents: r.outcome.intents,
      })),
  };
}
