// Placeholders in saved replies, e.g. "Hei {customer.name}!": the names the server accepts when
// a reply is saved, and how the staff app fills them in when a reply is inserted. No zod here:
// the staff app uses it as it is.

/** Every placeholder a saved reply may contain, written `{name}` in the text. */
export const placeholderNames = ['customer.name', 'customer.email', 'staff.name', 'library.name'] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

/** What looks like a placeholder: a word (dots allowed) in curly braces. */
const PLACEHOLDER = /\{([A-Za-z_][\w.]*)\}/g;

const isPlaceholderName = (name: string): name is PlaceholderName => (placeholderNames as readonly string[]).includes(name);

/** The placeholders of `text` that are not among placeholderNames, each once, as written (`{…}`). */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) if (!isPlaceholderName(match[1]!)) unknown.add(match[0]);
  return [...unknown];
}

/** The list of known placeholders as written in a text, for messages: "{customer.name}, {staff.name}, …". */
export const knownPlaceholderList = (): string => placeholderNames.map((name) => `{${name}}`).join(', ');

/**
 * The text with each placeholder replaced by its value. A value that is missing (an anonymous
 * customer has no name) is left out cleanly: with the space before it, and a comma or colon
 * it leaves at the start of a line ("Hei {customer.name}, kiitos" → "Hei, kiitos"). Unknown
 * placeholders stay as they are (the server refuses them when a reply is saved).
 */
export function fillPlaceholders(text: string, values: Partial<Record<PlaceholderName, string | null>>): string {
  const filled = text.replace(/([ \t]*)\{([A-Za-z_][\w.]*)\}/g, (whole, space: string, name: string) => {
    if (!isPlaceholderName(name)) return whole;
    const value = values[name];
    return value ? `${space}${value}` : '';
  });
  return filled.replace(/^[ \t]*[,;:][ \t]*/gm, '');
}
