// Chooses a classifier's thresholds on labelled questions (the dev set; never the test
// set). Accuracy cannot choose them: it credits a right first choice like a right answer,
// so it is blind to the answer threshold. Instead every decision gets a stated value,
// measured against handing every message to a person (0), and the grid point with the
// highest mean value per line wins.
import { decide, type Evidence, type Thresholds } from './decide.js';
import { kindOf, type InScopeKind, type OutOfScopeKind } from './evaluate.js';
import type { TestLine } from './training-data.js';

export interface DecisionValues {
  inScope: Record<InScopeKind, number>;
  outOfScope: Record<OutOfScopeKind, number>;
}

// A wrong answer costs twice what a right one gains: the customer reads approved text that
// does not fit, and for a public authority wrong information is worse than a short wait.
// Choices cost the customer a click (right one first) or a read (right one further down);
// a menu without the right intent wastes their time before they ask for a person anyway.
export const decisionValues: DecisionValues = {
  inScope: { answeredRight: 1, choicesRightFirst: 0.75, choicesRightLater: 0.5, choicesWithoutRight: -1, answeredWrong: -2, handedOff: 0 },
  outOfScope: { handedOff: 0, offeredChoices: -1, answered: -2 },
};

export interface Grid {
  answer: number[];
  choices: number[];
  outOfScope: number[];
  coverage: number[];
}

const steps = (from: number, to: number, step: number) => {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i += 1) out.push(Math.round((from + i * step) * 100) / 100);
  return out;
};

export const defaultGrid: Grid = {
  answer: steps(0.1, 1, 0.05),
  choices: steps(0.05, 1, 0.05),
  outOfScope: steps(0, 1, 0.05),
  coverage: steps(0, 0.9, 0.1),
};

/** Mean value per line of the decisions `thresholds` give on these lines. */
export function meanValue(
  lines: TestLine[],
  evidence: Evidence[],
  thresholds: Thresholds,
  values: DecisionValues = decisionValues,
): number {
  let total = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const kind = kindOf(lines[i]!.intent, decide(evidence[i]!, thresholds));
    total += kind.scope === 'in' ? values.inScope[kind.kind] : values.outOfScope[kind.kind];
  }
  return lines.length === 0 ? 0 : total / lines.length;
}

/**
 * The best thresholds on the grid. Choices must not need more than an answer. Ties go to
 * the first in this order: higher answer threshold, higher choice threshold, lower
 * out-of-scope threshold, higher coverage threshold (the more cautious bot).
 */
export function tune(
  lines: TestLine[],
  evidence: Evidence[],
  options: { grid?: Grid; values?: DecisionValues } = {},
): { thresholds: Thresholds; value: number } {
  if (evidence.length !== lines.length) throw new Error(`${evidence.length} evidences for ${lines.length} lines`);
  const grid = options.grid ?? defaultGrid;
  const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);
  const asc = (xs: number[]) => [...xs].sort((a, b) => a - b);
  let best: { thresholds: Thresholds; value: number } | null = null;
  for (const answer of desc(grid.answer)) {
    for (const choices of desc(grid.choices).filter((c) => c <= answer)) {
      for (const outOfScope of asc(grid.outOfScope)) {
        for (const coverage of desc(grid.coverage)) {
          const thresholds = { answer, choices, outOfScope, coverage };
          const value = meanValue(lines, evidence, thresholds, options.values);
          if (best === null || value > best.value + 1e-12) best = { thresholds, value };
        }
      }
    }
  }
  if (best === null) throw new Error('the threshold grid is empty');
  return { thresholds: best.thresholds, value: Math.round(best.value * 10_000) / 10_000 };
}
