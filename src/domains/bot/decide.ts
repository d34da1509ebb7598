// The bot's decision rule, kept apart from any model: from intents ranked by confidence it
// answers, offers choices or hands off. Kanava's classifier and the benchmark's other
// classifiers (nlp.js, a naive Bayes baseline) all go through this one function, so every
// figure we publish counts their decisions by the same rules.
import { OUT_OF_SCOPE } from './training-data.js';

export type Decision = 'answer' | 'choices' | 'handoff';
export type HandoffReason = 'low_confidence' | 'out_of_scope' | 'unreadable';

export interface Thresholds {
  /** Top in-scope confidence needed to answer. */
  answer: number;
  /** Top in-scope confidence needed to offer choices at all; further choices need half of it. */
  choices: number;
  /** Confidence in the out_of_scope examples at which the bot declines outright. */
  outOfScope: number;
  /** Share of the message's words the bot has seen in training; below it, hand off. */
  coverage: number;
}

export interface RankedIntent {
  intent: string;
  confidence: number;
}

/** What a model says about one message, before any threshold is applied. */
export interface Evidence {
  /** Intents by confidence, highest first; empty when the model could read nothing. */
  ranked: RankedIntent[];
  /** Share of the words seen in training (1 for models without such a notion). */
  coverage: number;
}

export interface Outcome {
  decision: Decision;
  /** The intent answered (decision answer) or the ones offered, best first (choices). */
  intents: string[];
  reason?: HandoffReason;
}

/** At most this many intents are offered as choices. */
export const MAX_CHOICES = 3;

export function decide(evidence: Evidence, thresholds: Thresholds): Outcome {
  const handoff = (reason: HandoffReason): Outcome => ({ decision: 'handoff', intents: [], reason });
  const top = evidence.ranked[0];
  if (top === undefined) return handoff('unreadable');
  // Too many unknown words: whatever the model ranks first rests on a fragment of the message.
  if (evidence.coverage < thresholds.coverage) return handoff('unreadable');
  if (top.intent === OUT_OF_SCOPE && top.confidence >= thresholds.outOfScope) return handoff('out_of_scope');
  // Below its threshold the out_of_scope class does not veto: the best in-scope intent decides.
  const inScope = evidence.ranked.filter((r) => r.intent !== OUT_OF_SCOPE);
  const first = inScope[0];
  if (first === undefined) return handoff('low_confidence');
  if (first.confidence >= thresholds.answer) return { decision: 'answer', intents: [first.intent] };
  // Unsure between a few: offer them (the customer picks, or asks for a person).
  if (first.confidence >= thresholds.choices) {
    const plausible = inScope.filter((r) => r.confidence >= thresholds.choices / 2).slice(0, MAX_CHOICES);
    return { decision: 'choices', intents: plausible.map((r) => r.intent) };
  }
  return handoff('low_confidence');
}
