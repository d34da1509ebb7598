// Splits a plain-text mail into what the customer wrote now, the history their mail program
// quoted below it and their signature, so staff read the new text first and open the rest
// when they need it. Mail programs mark quotes in many ways, in every language the libraries
// serve (fi/sv/en); anything this does not recognise stays in the new text: folding away
// something the customer wrote would be worse than showing an old quote.

export interface FoldedMail {
  /** The new text; never empty when the body had any text. */
  main: string;
  /** The quoted history, from its first line (an attribution, a header block or `>`); null when none. */
  quoted: string | null;
  /** The sender's signature without the `-- ` line; null when none. */
  signature: string | null;
}

// An attribution names a date or an address, so it also has a digit or an @ — unless the quote
// marks follow at once ("Maija skrev:" above "> ..."), which is evidence enough.
const ATTRIBUTIONS = [
  /^.{1,300}\bwrote:$/i, // On <date>, <name> wrote: / <name> wrote:
  /^.{1,300}\bkirjoitti(\s.{1,300})?:$/i, // <name> kirjoitti <date>: / <date> kirjoitti <name>: / ... kirjoitti:
  /^.{1,300}\bskrev(\s.{1,300})?:$/i, // Den <date> skrev <name>: / <name> skrev:
];

// Outlook's separator above the original message. (Forwarded messages are not folded: what the
// customer forwards is what they want staff to read.)
const ORIGINAL_MESSAGE = /^-{2,}\s*(original message|alkuperäinen viesti|ursprungligt meddelande)\s*-{2,}$/i;

// Outlook's header block of the original message: a sender line, then (within a few lines) its date.
const HEADER_FROM = /^\*?(from|lähettäjä|från):\*?\s/i;
const HEADER_SENT = /^\*?(sent|date|lähetetty|päivämäärä|skickat|datum):\*?\s/i;
const HEADER_LOOKAHEAD = 3;
const UNDERSCORE_RULE = /^_{8,}$/;

// The line a phone's mail program adds below what was typed.
const MOBILE_SIGNATURES = [
  /^sent from my (iphone|ipad|android|mobile|phone|samsung|galaxy|huawei|xiaomi|pixel)\b.*$/i,
  /^sent from (mail|outlook|yahoo mail|gmail) for .+$/i,
  /^get outlook for (ios|android)\b.*$/i,
  /^lähetetty (iphonesta|ipadista|android-laitteesta|androidista|puhelimesta|mobiilista|matkapuhelimesta)\b.*$/i,
  /^lähetetty (omasta )?(iphonesta|ipadista|puhelimestani|mobiilistani)\b.*$/i,
  /^lähetetty .{1,40}-puhelimesta\b.*$/i,
  /^hanki outlook for (ios|android)\b.*$/i,
  /^skickat från min (iphone|ipad|android|mobil|telefon|samsung|galaxy)\b.*$/i,
  /^skickat från (outlook|e-post|mail) för .+$/i,
  /^(hämta|skaffa) outlook för (ios|android)\b.*$/i,
];

const isQuoteLine = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === '';

function nextNonBlank(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && isBlank(lines[i]!)) i++;
  return i;
}

function looksLikeAttribution(text: string, followedByQuote: boolean): boolean {
  const line = text.trim();
  if (!ATTRIBUTIONS.some((pattern) => pattern.test(line))) return false;
  return followedByQuote || /\d/.test(line) || line.includes('@');
}

/**
 * Whether the text after an attribution answers the quote point by point ("> question",
 * answer, "> question", answer): then the answers are new text and nothing is folded.
 */
function isInterleaved(lines: readonly string[], from: number): boolean {
  let sawQuote = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    if (isQuoteLine(line)) sawQuote = true;
    else if (sawQuote) return true;
  }
  return false;
}

/** The attribution starting at `i`, on one line or wrapped over two (Gmail wraps long ones). */
function attributionAt(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  const after = nextNonBlank(lines, i + 1);
  if (looksLikeAttribution(line, after < lines.length && isQuoteLine(lines[after]!))) return true;
  const next = lines[i + 1];
  if (next === undefined || isBlank(line) || isBlank(next) || isQuoteLine(line) || line.trim().endsWith(':')) return false;
  const afterNext = nextNonBlank(lines, i + 2);
  return looksLikeAttribution(`${line.trim()} ${next.trim()}`, afterNext < lines.length && isQuoteLine(lines[afterNext]!));
}

function headerBlockAt(lines: readonly string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i]!.trim())) return false;
  for (let j = i + 1; j <= i + HEADER_LOOKAHEAD && j < lines.length; j++) {
    if (HEADER_SENT.test(lines[j]!.trim())) return true;
  }
  return false;
}

/** Where a quote that runs to the end of the mail starts (only `>` and blank lines after it). */
function trailingQuoteStart(lines: readonly string[]): number | null {
  let i = lines.length - 1;
  while (i >= 0 && isBlank(lines[i]!)) i--;
  if (i < 0 || !isQuoteLine(lines[i]!)) return null;
  let start = i;
  while (i >= 0 && (isQuoteLine(lines[i]!) || isBlank(lines[i]!))) {
    if (isQuoteLine(lines[i]!)) start = i;
    i--;
  }
  return start;
}

function quoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || isQuoteLine(line)) continue;
    if (ORIGINAL_MESSAGE.test(line)) return i;
    if (headerBlockAt(lines, i)) {
      // Outlook draws a rule of underscores above the block: it belongs to the quote.
      let above = i - 1;
      while (above >= 0 && isBlank(lines[above]!)) above--;
      return above >= 0 && UNDERSCORE_RULE.test(lines[above]!.trim()) ? above : i;
    }
    if (attributionAt(lines, i) && !isInterleaved(lines, i + 1)) return i;
  }
  return trailingQuoteStart(lines) ?? lines.length;
}

/** The signature's first line before `end`: the `-- ` delimiter, else a phone's "Sent from" line. */
function signatureStart(lines: readonly string[], end: number): { at: number; delimiter: boolean } | null {
  for (let i = 0; i < end; i++) {
    if (lines[i]!.trimEnd() === '--') return { at: i, delimiter: true };
  }
  for (let i = 0; i < end; i++) {
    const line = lines[i]!.trim();
    if (MOBILE_SIGNATURES.some((pattern) => pattern.test(line))) return { at: i, delimiter: false };
  }
  return null;
}

const joined = (lines: readonly string[]) => {
  const text = lines.join('\n');
  // Blank lines around a part are spacing, not content; indentation of its first line is kept.
  return text.replace(/^(\s*\n)+/, '').trimEnd();
};

export function foldMail(body: string): FoldedMail {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const quoted = quoteStart(lines);
  const signature = signatureStart(lines, quoted);
  const mainEnd = signature?.at ?? quoted;
  const main = joined(lines.slice(0, mainEnd));
  // Everything looked quoted or signed (a forward without a word, a reply with the answer
  // inside the quote): show it all rather than nothing.
  if (main.trim() === '') return { main: joined(lines), quoted: null, signature: null };
  const signatureText = signature ? joined(lines.slice(signature.at + (signature.delimiter ? 1 : 0), quoted)) : '';
  const quotedText = joined(lines.slice(quoted));
  return { main, quoted: quotedText.trim() === '' ? null : quotedText, signature: signatureText.trim() === '' ? null : signatureText };
}
