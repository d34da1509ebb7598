// Figures in words: the headline says what was counted and over how many lines, so a
// reader cannot mistake accuracy (which credits a right first choice) for answers given.
import type { Figures, SetFigures } from './evaluate.js';
import { botLanguages } from './training-data.js';

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

export function headline(figures: SetFigures): string {
  const { inScope: i, outOfScope: o } = figures;
  return (
    `${figures.lines} questions. ` +
    `In scope (${i.lines}): answered right ${percent(i.answeredRight)}, answered wrong ${percent(i.answeredWrong)}, ` +
    `offered choices ${percent(i.offeredChoices)} (right one first ${percent(i.firstChoiceRight)}, right one among them ${percent(i.choicesContainRight)}), ` +
    `handed off ${percent(i.handedOff)}. ` +
    `Out of scope (${o.lines}): handed off ${percent(o.handedOff)}, answered ${percent(o.answered)}, offered choices ${percent(o.offeredChoices)}. ` +
    `Accuracy ${figures.accuracy} = in-scope questions answered right or offered the right intent first, plus out-of-scope ones handed off, over all ${figures.lines}.`
  );
}

function setLine(label: string, figures: SetFigures): string {
  const { inScope: i, outOfScope: o } = figures;
  return (
    `${label} (${figures.lines} lines): accuracy ${figures.accuracy}; ` +
    `in scope (${i.lines}) answered right ${i.answeredRight}, wrong ${i.answeredWrong}, choices ${i.offeredChoices} ` +
    `(right first ${i.firstChoiceRight}, right among ${i.choicesContainRight}), handed off ${i.handedOff}; ` +
    `out of scope (${o.lines}) handed off ${o.handedOff}, answered ${o.answered}, choices ${o.offeredChoices}`
  );
}

/** The plain-text report of `kanava bot eval`: headline first, then per language. */
export function textReport(figures: Figures, extra: { p50Ms: number; p95Ms: number; trainMs: number }, detail: boolean): string {
  return [
    headline(figures),
    ...botLanguages.map((language) => `  ${setLine(language, figures.languages[language])}`),
    `macro-F1 ${figures.macroF1} (label = intent answered or offered first; hand-off = out_of_scope)`,
    `latency p50 ${extra.p50Ms} ms, p95 ${extra.p95Ms} ms; training ${extra.trainMs} ms`,
    ...(detail
      ? [
          '',
          'confusions (expected → answered or offered first; out_of_scope = handed off):',
          ...figures.confusions.map((c) => `  ${c.count}× ${c.expected} → ${c.predicted}`),
          '',
          'not counted right:',
          ...figures.misclassified.map(
            (m) => `  [${m.lang}] ${m.expected} → ${m.decision}${m.intents.length ? ` ${m.intents.join(', ')}` : ''}: ${m.text}`,
          ),
        ]
      : []),
    '',
  ].join('\n');
}
