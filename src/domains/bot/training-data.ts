// The exchange format of bot training data (see docs/bot.md): intents with training
// phrases per language and the human-approved answer per language.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { languages, type Language } from '../../contract/languages.js';

// The bot speaks every language Kanava does.
export const botLanguages = languages;
export type BotLanguage = Language;
export const OUT_OF_SCOPE = 'out_of_scope';

const perLanguage = <T extends z.ZodType>(item: T) => z.object({ fi: item.optional(), sv: item.optional(), en: item.optional() });

export const intentSchema = z.object({
  /** Stable id, e.g. renew_loan; `out_of_scope` holds examples the bot must decline. */
  id: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/),
  description: z.string().optional(),
  /** Example customer messages per language. */
  phrases: perLanguage(z.array(z.string().min(1).max(2000)).max(1000)),
  /** The approved answer per language; the bot never says anything else. */
  answer: perLanguage(z.string().min(1).max(5000)).optional(),
});
export type Intent = z.infer<typeof intentSchema>;

export const trainingFileSchema = z.object({
  version: z.literal(1),
  languages: z.array(z.enum(botLanguages)).min(1),
  intents: z.array(intentSchema).min(2).max(1000),
});
export type TrainingFile = z.infer<typeof trainingFileSchema>;

export function parseTrainingFile(text: string, source = 'training data'): TrainingFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = trainingFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${source} does not match the training format: ${issues.join('; ')}`);
  }
  const ids = new Set<string>();
  for (const intent of parsed.data.intents) {
    if (ids.has(intent.id)) throw new Error(`${source}: intent id ${intent.id} appears twice`);
    ids.add(intent.id);
  }
  return parsed.data;
}

export function loadTrainingFile(path: string): TrainingFile {
  return parseTrainingFile(readFileSync(path, 'utf8'), path);
}

export const testLineSchema = z.object({ text: z.string(), lang: z.enum(botLanguages), intent: z.string().min(1) });
export type TestLine = z.infer<typeof testLineSchema>;

export function parseTestLines(text: string, source = 'test data'): TestLine[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, index }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`${source} line ${index + 1} is not valid JSON`);
      }
      const parsed = testLineSchema.safeParse(json);
      if (!parsed.success) throw new Error(`${source} line ${index + 1}: expected {"text","lang","intent"}`);
      return parsed.data;
    });
}
