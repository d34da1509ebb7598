// Turns a customer's message into comparable tokens: HTML and URLs out, lower case, and
// Nordic letters folded (ä→a, ö→o, å→a) so "myohastymismaksu" meets "myöhästymismaksu".
const MAX_INPUT = 2000;

export function fold(text: string): string {
  return text.replace(/[äå]/g, 'a').replace(/ö/g, 'o').replace(/ü/g, 'u').replace(/é/g, 'e');
}

export function tokenize(text: string): string[] {
  const cleaned = text
    .slice(0, MAX_INPUT * 4)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[’`´]/g, "'");
  const tokens = cleaned.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu) ?? [];
  return tokens.slice(0, 300).map((t) => fold(t.replace(/'/g, '')));
}

/** Share of characters that are Latin letters, digits, spaces or punctuation. */
export function latinShare(text: string): number {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 0;
  const latin = letters.filter((c) => /\p{Script=Latin}/u.test(c)).length;
  return latin / letters.length;
}
