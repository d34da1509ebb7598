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
  type BounceDetails,
  type HeaderLookup,
  type MailKind,
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
  let text = mail.text ? normalizeText(mail.text) : '';
  if (text === '' && htmlSource !== null) {
    try {
      text = htmlToText(htmlSource);
    } catch {
      warnings.push('html_to_text_failed');
    }
  }
  if (text === '' && structure.some((code) => code !== 'unterminated_multipart') && mail.attachments.length === 0) {
    text = bodyAsText(raw);
  }
  const html = htmlSource !== null ? sanitizeMailHtml(htmlSource) : null;

  const subject = mail.subject?.trim() ? mail.subject.replace(/\s+/g, ' ').trim() : null;
  const to = uniqueAddresses(addressesOf(mail.to).map((entry) => entry.address));
  const cc = uniqueAddresses(addressesOf(mail.cc).map((entry) => entry.address));
  const bcc = uniqueAddresses(addressesOf(mail.bcc).map((entry) => entry.address));
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;

  const classification = classifyMail({
    header,
    subject,
    fromAddress: from?.address ?? null,
    contentType: contentType?.value?.toLowerCase() ?? null,
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
    raw,
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
    bounce: classification.kind === 'bounce' ? bounceDetails(raw, text) : null,
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
        found.push({ address: entry.address.trim().toLowerCase(), name: entry.name?.trim() ? entry.name.trim() : null });
      }
    }
  };
  for (const object of Array.isArray(header) ? header : [header]) visit(object.value);
  return found;
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

const windows1252 = new TextDecoder('windows-1252');

// Raw 8-bit bytes in headers are allowed only as UTF-8 (RFC 6532). Old clients and scripts
// send Latin-1 or Windows-1252 instead, which mailparser would turn into U+FFFD; reading the
// header block as Windows-1252 (a superset of Latin-1) keeps the ä, ö and å. The body is left
// alone: its charset is declared.
function withReadableHeaders(raw: Buffer): Buffer {
  const end = headerEnd(raw);
  const headers = end < 0 ? raw : raw.subarray(0, end);
  if (isUtf8(headers)) return raw;
  return Buffer.concat([Buffer.from(windows1252.decode(headers), 'utf8'), end < 0 ? Buffer.alloc(0) : raw.subarray(end)]);
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
  const source = raw.toString('latin1');
  if (!source.includes(`--${boundary}`)) return ['broken_boundary'];
  if (!source.includes(`--${boundary}--`)) return ['unterminated_multipart'];
  return [];
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
    'ja on ei että se mutta kiitos hei moi olen oli voi voisin onko kun jos tämä minun minulla teidän te kirja kirjan lainan laina myös nyt vielä sekä kanssa terveisin ystävällisin'.split(
      ' ',
    ),
  ),
  sv: new Set(
    'och är att det jag inte hej tack med för på som har kan vi ni min mitt boken lånet också mvh hälsningar vänliga skulle kunna'.split(
      ' ',
    ),
  ),
  en: new Set('the and is to of you for thank thanks please hello my have with this that would could book loan regards dear'.split(' ')),
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
  const subject = header('subject')[0]?.trim() || null;
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
    classification: classifyMail({ header, subject, fromAddress, contentType: null, reportType: null, raw }),
    bounce: null,
    loop: isOwnMailLoop(header, validId),
    contentLanguage: languageFromHeader(header('content-language')[0]) ?? guessLanguage(text),
    recipientCount: new Set([...header('to'), ...header('cc')].flatMap(plainAddresses)).size,
    warnings,
  };
}
