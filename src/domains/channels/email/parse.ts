// Raw RFC 5322 bytes → what the mail pipeline needs, for any mail a real mailbox receives:
// every client's MIME, any charset, and junk. Parsing never throws: what could not be read is
// left empty and named in `warnings` (stable codes), so the mail is still stored, not lost.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type HeaderLines, type ParsedMail as MailparserMail } from 'mailparser';
import {
  bareMessageId,
  bounceDetails,
  classifyMail,
  isOwnMailLoop,
  reportPartsFromRaw,
  type BounceDetails,
  type HeaderLookup,
  type MailKind,
  type ReportParts,
} from './classify.js';
import { htmlToText, normalizeText, sanitizeMailHtml } from './html-text.js';

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

export type MailLanguage = 'fi' | 'sv' | 'en';

export interface ParsedMail {
  /** Without <>, trimmed; `sha256:<hex of raw>` when missing or invalid. */
  messageId: string;
  hadMessageId: boolean;
  inReplyTo: string | null;
  /** In order, deduplicated, without <>. */
  references: string[];
  /** Address lower case. */
  from: { address: string; name: string | null } | null;
  replyTo: string | null;
  to: string[];
  cc: string[];
  /** Delivered-To, X-Original-To and Envelope-To: which of our addresses the mail came to. */
  deliveredTo: string[];
  subject: string | null;
  date: Date | null;
  /** Readable plain text: the text part, else text made from the HTML. */
  text: string;
  /** Sanitised HTML, null when the mail has none. */
  html: string | null;
  attachments: ParsedAttachment[];
  classification: { kind: MailKind; reason: string | null };
  bounce: BounceDetails | null;
  /** The mail is one Kanava sent, come back. */
  loop: boolean;
  contentLanguage: MailLanguage | null;
  recipientCount: number;
  warnings: string[];
}

const parserOptions = {
  // We make text from HTML ourselves, and only when there is no text part.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
  checksumAlgo: false,
  // The delivery-status part is read by classify.ts; it is not mail text.
  keepDeliveryStatus: true,
} as const;

// Sanitising is linear but not cheap (about a second per few MB on a busy server); HTML
// beyond this is no letter but a generated dump, kept only as text.
const MAX_HTML_CHARS = 2_000_000;

// Parts of a delivery report, not files anyone sent.
const REPORT_PART_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status', 'text/rfc822-headers']);

/** Parses one raw message. Never throws. */
export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const warnings: string[] = [];
  let mail: MailparserMail;
  const source = withReadableHeaders(raw);
  if (source !== raw) warnings.push('header_8bit');
  try {
    mail = await simpleParser(source, parserOptions);
  } catch {
    warnings.push('mime_unparseable');
    return fallbackParse(raw, warnings);
  }
  const header = headerLookup(mail.headerLines ?? []);

  const rawMessageId = header('message-id')[0];
  const validId = rawMessageId !== undefined ? validMessageId(rawMessageId) : null;
  if (rawMessageId === undefined) warnings.push('no_message_id');
  else if (validId === null) warnings.push('bad_message_id');
  const messageId = validId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;

  const fromAddresses = addressesOf(mail.from);
  const from = fromAddresses[0] ?? null;
  if (header('from').length === 0) warnings.push('no_from');
  else if (!from) warnings.push('bad_from');

  const date = parseDate(header('date')[0], warnings);
  const structure = multipartWarnings(mail, raw);
  warnings.push(...structure);

  const htmlSource = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null;
  let html: string | null = null;
  let htmlForText: string | null = null;
  if (htmlSource !== null) {
    try {
      if (htmlSource.length <= MAX_HTML_CHARS) html = htmlForText = sanitizeMailHtml(htmlSource);
      else {
        warnings.push('html_too_large');
        htmlForText = sanitizeMailHtml(htmlSource.slice(0, MAX_HTML_CHARS));
      }
    } catch {
      warnings.push('html_unreadable');
    }
  }
  let text = mail.text ? normalizeText(mail.text) : '';
  if (text.includes('\ufffd')) {
    const guessed = singlePartBodyAsWindows1252(mail, raw);
    if (guessed !== null) {
      text = guessed;
      warnings.push('charset_guessed');
    }
  }
  // Text from the sanitised HTML: what was dropped there (scripts, javascript: links) must
  // not come back in the text.
  if (text === '' && htmlForText) {
    try {
      text = htmlToText(htmlForText);
    } catch {
      warnings.push('html_to_text_failed');
    }
  }
  if (text === '' && structure.some((code) => code !== 'unterminated_multipart') && mail.attachments.length === 0) {
    text = bodyAsText(raw);
  }

  const subject = oneLine(mail.subject);
  const to = uniqueAddresses(addressesOf(mail.to).map((entry) => entry.address));
  const cc = uniqueAddresses(addressesOf(mail.cc).map((entry) => entry.address));
  const bcc = uniqueAddresses(addressesOf(mail.bcc).map((entry) => entry.address));
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;

  const topType = contentType?.value?.toLowerCase() ?? null;
  const report = reportPartsOf(mail.attachments, raw, topType === 'multipart/report');
  const classification = classifyMail({
    header,
    subject,
    fromAddress: from?.address ?? null,
    contentType: topType,
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
    report,
  });

  return {
    messageId,
    hadMessageId: validId !== null,
    inReplyTo: firstMessageId(header('in-reply-to')),
    references: messageIdList(header('references')),
    from,
    replyTo: addressesOf(mail.replyTo)[0]?.address ?? null,
    to,
    cc,
    deliveredTo: uniqueAddresses(
      ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) => header(name).flatMap((value) => plainAddresses(value))),
    ),
    subject,
    date,
    text,
    html: html === '' ? null : html,
    attachments: attachmentsOf(mail.attachments),
    classification,
    bounce: classification.kind === 'bounce' ? bounceDetails(report, text) : null,
    loop: isOwnMailLoop(header, validId),
    contentLanguage: languageFromHeader(header('content-language')[0]) ?? guessLanguage(text),
    recipientCount: new Set([...to, ...cc, ...bcc]).size,
    warnings,
  };
}

/** Header values by lower-case name from mailparser's raw header lines, unfolded. */
function headerLookup(lines: HeaderLines): HeaderLookup {
  const values = new Map<string, string[]>();
  for (const { key, line } of lines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]*/g, ' ').trim();
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return (name) => values.get(name) ?? [];
}

// A Message-ID must be usable as a key: `local@domain`-ish, no spaces, not absurdly long.
function validMessageId(value: string): string | null {
  const id = bareMessageId(value);
  if (id === null || id.length > 500 || !/^[\x21-\x7e]+$/.test(id) || !id.includes('@')) return null;
  return id;
}

function messageIdList(values: string[]): string[] {
  const ids: string[] = [];
  for (const value of values) {
    const bracketed = value.match(/<[^<>]+>/g);
    const candidates = bracketed ?? value.split(/[\s,]+/);
    for (const candidate of candidates) {
      const id = validMessageId(candidate);
      if (id !== null && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function firstMessageId(values: string[]): string | null {
  return messageIdList(values)[0] ?? null;
}

function addressesOf(header: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string | null }> {
  if (!header) return [];
  const found: Array<{ address: string; name: string | null }> = [];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address && entry.address.includes('@')) {
        found.push({ address: entry.address.trim().toLowerCase(), name: oneLine(entry.name) });
      }
    }
  };
  for (const object of Array.isArray(header) ? header : [header]) visit(object.value);
  return found;
}

// Header texts go into the database and the staff app: one line, no control characters (a
// NUL byte is not even storable in PostgreSQL text).
function oneLine(value: string | undefined): string | null {
  const text = value
    ?.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text : null;
}

function plainAddresses(value: string): string[] {
  return (value.match(/[^\s<>,;"()]+@[^\s<>,;"()]+/g) ?? []).map((address) => address.toLowerCase());
}

function uniqueAddresses(addresses: string[]): string[] {
  return [...new Set(addresses)];
}

function parseDate(value: string | undefined, warnings: string[]): Date | null {
  if (value === undefined || value.trim() === '') {
    warnings.push('no_date');
    return null;
  }
  // Comments such as "(EEST)" or "(Coordinated Universal Time)" confuse Date.parse.
  const date = new Date(value.replace(/\([^)]*\)/g, '').trim());
  if (Number.isNaN(date.getTime())) {
    warnings.push('bad_date');
    return null;
  }
  return date;
}

function headerEnd(raw: Buffer): number {
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
function withReadableHeaders(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const headers = end < 0 ? raw : raw.subarray(0, end);
  if (isUtf8(headers)) return raw;
  return Buffer.concat([Buffer.from(decodeWindows1252(headers), 'utf8'), end < 0 ? Buffer.alloc(0) : raw.subarray(end)]);
}

// Old scripts send Latin-1 or Windows-1252 text and call it UTF-8, or name no charset at all.
// When the body of a one-part text mail is sent as is (no transfer encoding) and is not
// valid UTF-8, Windows-1252 (a superset of Latin-1) is the right guess for Finnish and
// Swedish text.
function singlePartBodyAsWindows1252(mail: MailparserMail, raw: Buffer): string | null {
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  const type = contentType?.value?.toLowerCase() ?? 'text/plain';
  const encoding = String(mail.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (type !== 'text/plain' || !['7bit', '8bit', 'binary'].includes(encoding)) return null;
  const end = headerEnd(raw);
  if (end < 0) return null;
  const body = raw.subarray(end);
  return isUtf8(body) ? null : normalizeText(decodeWindows1252(body));
}

// A multipart mail whose boundary is missing or wrong has no readable part at all: show the
// body as it is, without the part headers and boundary lines, rather than nothing.
function bodyAsText(raw: Buffer): string {
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

function multipartWarnings(mail: MailparserMail, raw: Buffer): string[] {
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (!contentType?.value?.toLowerCase().startsWith('multipart/')) return [];
  const boundary = contentType.params?.boundary;
  if (!boundary) return ['multipart_without_boundary'];
  if (raw.indexOf(`--${boundary}`) < 0) return ['broken_boundary'];
  if (raw.indexOf(`--${boundary}--`) < 0) return ['unterminated_multipart'];
  return [];
}

const ORIGINAL_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global', 'text/rfc822-headers']);

// The report parts as the MIME parser decoded them; read from the raw bytes when a report
// does not have them as parts.
function reportPartsOf(attachments: Attachment[], raw: Buffer, isReport: boolean): ReportParts {
  let deliveryStatus: string | null = null;
  let original: string | null = null;
  for (const attachment of attachments) {
    const type = attachment.contentType.toLowerCase();
    if (deliveryStatus === null && (type === 'message/delivery-status' || type === 'message/global-delivery-status')) {
      deliveryStatus = attachment.content.toString('utf8');
    } else if (original === null && ORIGINAL_MESSAGE_TYPES.has(type)) {
      // Only its headers matter.
      original = attachment.content.subarray(0, 64 * 1024).toString('utf8');
    }
  }
  if (isReport && (deliveryStatus === null || original === null)) {
    const fromRaw = reportPartsFromRaw(raw);
    deliveryStatus ??= fromRaw.deliveryStatus;
    original ??= fromRaw.original;
  }
  return { deliveryStatus, original };
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/zip': 'zip',
  'application/ms-tnef': 'dat',
};

function attachmentsOf(attachments: Attachment[]): ParsedAttachment[] {
  const result: ParsedAttachment[] = [];
  for (const attachment of attachments) {
    const contentType = (attachment.contentType || 'application/octet-stream').toLowerCase();
    if (REPORT_PART_TYPES.has(contentType)) continue;
    const filename = cleanFilename(attachment.filename) ?? `attachment-${result.length + 1}.${EXTENSIONS[contentType] ?? 'bin'}`;
    result.push({
      filename,
      contentType,
      size: attachment.content.length,
      content: attachment.content,
      contentId: attachment.cid ?? null,
      inline: attachment.contentDisposition === 'inline' || attachment.related === true,
    });
  }
  return result;
}

// A file name is shown and offered as a download name: no paths, no control characters.
function cleanFilename(name: string | undefined): string | null {
  if (!name) return null;
  const base = name
    .replace(/[\x00-\x1f\x7f]/g, '')
    .split(/[\\/]/)
    .pop()!
    .trim();
  return base === '' || base === '.' || base === '..' ? null : base.slice(0, 255);
}

function languageFromHeader(value: string | undefined): MailLanguage | null {
  const primary = value?.split(',')[0]?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fi' || primary === 'sv' || primary === 'en' ? primary : null;
}

// Frequent short words that are each typical of one of the three languages (words shared
// between them, like "i" or "en", are left out).
const LANGUAGE_WORDS: Record<MailLanguage, Set<string>> = {
  fi: new Set(
    'ja on ei että se mutta kiitos hei moi olen oli ole olisi voi voisin voisitteko onko kun jos jo jonka joka tämä minun minulla minä teidän kirja kirjan kirjasto kirjaston lainan laina myös nyt vielä sekä kanssa tai vain missä mitä miten hyvä terveisin ystävällisin'.split(
      ' ',
    ),
  ),
  sv: new Set(
    'och är att det den jag inte hej tack med för på som har kan vi ni min mitt boken lånet också om till från eller hur när vill mvh hälsningar vänliga skulle kunna'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the and is are was be to of you your for thank thanks please hello my have with this that would could not book loan regards dear'.split(
      ' ',
    ),
  ),
};

function guessLanguage(text: string): MailLanguage | null {
  const words = text
    .slice(0, 4000)
    .toLowerCase()
    .match(/[a-zåäö]+/g);
  if (!words) return null;
  const scores: Record<MailLanguage, number> = { fi: 0, sv: 0, en: 0 };
  for (const word of words) {
    for (const language of ['fi', 'sv', 'en'] as const) if (LANGUAGE_WORDS[language].has(word)) scores[language] += 1;
  }
  const ranked = (Object.entries(scores) as Array<[MailLanguage, number]>).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  return best![1] >= 2 && best![1] > second![1] * 1.5 ? best![0] : null;
}

// Only when mailparser itself gave up: the headers by hand and the body as text.
function fallbackParse(raw: Buffer, warnings: string[]): ParsedMail {
  const source = raw.toString('utf8');
  const split = /\r?\n\r?\n/.exec(source);
  const headerBlock = split ? source.slice(0, split.index) : source;
  const body = split ? source.slice(split.index + split[0].length) : '';
  const values = new Map<string, string[]>();
  for (const line of headerBlock.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    values.set(key, [...(values.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  const header: HeaderLookup = (name) => values.get(name) ?? [];
  const rawId = header('message-id')[0];
  const validId = rawId !== undefined ? validMessageId(rawId) : null;
  if (validId === null) warnings.push(rawId === undefined ? 'no_message_id' : 'bad_message_id');
  const fromAddress = plainAddresses(header('from')[0] ?? '')[0] ?? null;
  if (!fromAddress) warnings.push('no_from');
  const subject = oneLine(header('subject')[0]);
  const text = normalizeText(body);
  return {
    messageId: validId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    hadMessageId: validId !== null,
    inReplyTo: firstMessageId(header('in-reply-to')),
    references: messageIdList(header('references')),
    from: fromAddress ? { address: fromAddress, name: null } : null,
    replyTo: null,
    to: uniqueAddresses(header('to').flatMap(plainAddresses)),
    cc: uniqueAddresses(header('cc').flatMap(plainAddresses)),
    deliveredTo: uniqueAddresses(['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) => header(name).flatMap(plainAddresses))),
    subject,
    date: parseDate(header('date')[0], warnings),
    text,
    html: null,
    attachments: [],
    classification: classifyMail({
      header,
      subject,
      fromAddress,
      contentType: null,
      reportType: null,
      report: { deliveryStatus: null, original: null },
    }),
    bounce: null,
    loop: isOwnMailLoop(header, validId),
    contentLanguage: languageFromHeader(header('content-language')[0]) ?? guessLanguage(text),
    recipientCount: new Set([...header('to'), ...header('cc')].flatMap(plainAddresses)).size,
    warnings,
  };
}
