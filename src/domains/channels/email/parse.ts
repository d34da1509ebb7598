// Raw RFC 5322 bytes → what the mail pipeline needs, for any mail a real mailbox receives:
// every client's MIME, any charset, and junk. Parsing never throws: what could not be read is
// left empty and named in `warnings` (stable codes), so the mail is still stored, not lost.
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
import { guessLanguage, languageFromHeader, type MailLanguage } from './mail-language.js';
import { bodyAsText, bodyAsWindows1252, withReadableHeaders } from './raw-mail.js';

export type { MailLanguage } from './mail-language.js';

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}

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
  /**
   * What was wrong with the mail, as stable codes: `no_message_id`, `bad_message_id`,
   * `no_from`, `bad_from`, `no_date`, `bad_date`, `header_8bit`, `charset_guessed`,
   * `multipart_without_boundary`, `broken_boundary`, `unterminated_multipart`,
   * `html_too_large`, `html_unreadable`, `html_to_text_failed`, `mime_unparseable`.
   */
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
  const ids = new Set<string>();
  for (const value of values) {
    const bracketed = value.match(/<[^<>]+>/g);
    const candidates = bracketed ?? value.split(/[\s,]+/);
    for (const candidate of candidates) {
      const id = validMessageId(candidate);
      if (id !== null) ids.add(id);
    }
  }
  return [...ids];
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

// Old scripts send Latin-1 or Windows-1252 text and call it UTF-8, or name no charset at all.
// When the body of a one-part text mail is sent as is (no transfer encoding) and is not
// valid UTF-8, Windows-1252 (a superset of Latin-1) is the right guess for Finnish and
// Swedish text.
function singlePartBodyAsWindows1252(mail: MailparserMail, raw: Buffer): string | null {
  const contentType = mail.headers.get('content-type') as { value?: string } | undefined;
  const type = contentType?.value?.toLowerCase() ?? 'text/plain';
  const encoding = String(mail.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (type !== 'text/plain' || !['7bit', '8bit', 'binary'].includes(encoding)) return null;
  return bodyAsWindows1252(raw);
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
