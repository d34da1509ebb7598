// The raw bytes of a mail, where the MIME parser cannot help: headers in a legacy charset,
// a body in one, or a multipart whose boundary is broken.
import { isUtf8 } from 'node:buffer';
import { normalizeText } from './html-text.js';

/** Where the header block ends (the index of its blank line), -1 when there is none. */
export function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, curly quotes, dashes). Node's own
// TextDecoder treats 'windows-1252' as Latin-1 there, so the table is ours.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte < 0xa0 ? WINDOWS_1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

// Raw 8-bit bytes in headers are allowed only as UTF-8 (RFC 6532). Old clients and scripts
// send Latin-1 or Windows-1252 instead, which mailparser would turn into U+FFFD; reading the
// header block as Windows-1252 (a superset of Latin-1) keeps the ä, ö and å. The body is left
// alone: its charset is declared.
export function withReadableHeaders(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const headers = end < 0 ? raw : raw.subarray(0, end);
  if (isUtf8(headers)) return raw;
  return Buffer.concat([Buffer.from(decodeWindows1252(headers), 'utf8'), end < 0 ? Buffer.alloc(0) : raw.subarray(end)]);
}

// A multipart mail whose boundary is missing or wrong has no readable part at all: show the
// body as it is, without the part headers and boundary lines, rather than nothing.
export function bodyAsText(raw: Buffer): string {
  const end = headerEnd(raw);
  if (end < 0) return '';
  const body = raw.subarray(end).toString(isUtf8(raw.subarray(end)) ? 'utf8' : 'latin1');
  return normalizeText(
    body
      .split(/\r?\n/)
      .filter((line) => !/^--\S*$/.test(line.trim()) && !/^content-[a-z-]+:/i.test(line) && !/^mime-version:/i.test(line))
      .join('\n'),
  );
}

/** The body of the mail read as Windows-1252; null when it is valid UTF-8 (or there is none). */
export function bodyAsWindows1252(raw: Buffer): string | null {
  const end = headerEnd(raw);
  if (end < 0) return null;
  const body = raw.subarray(end);
  return isUtf8(body) ? null : normalizeText(decodeWindows1252(body));
}
