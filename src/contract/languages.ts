// The languages Kanava speaks everywhere, and text given in each of them. No zod here: the
// chat widget imports this file and must stay small (schemas: language-schemas.ts).
export const languages = ['fi', 'sv', 'en'] as const;
export type Language = (typeof languages)[number];

/** A text in every language (library names, welcome texts…). */
export type Localized = Record<Language, string>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
