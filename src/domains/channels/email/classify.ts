// Which incoming mail was written by a person. Auto-replies (out-of-office, list mail, robots)
// and bounces must never open a conversation or trigger our automatic receipt: two robots
// answering each other is how mail loops start. A bounce is worth reading, though: it names
// the mail of ours that could not be delivered.

export type MailKind = 'normal' | 'auto_reply' | 'bounce';
export interface MailClassification {
  kind: MailKind;
  /** Why, as a stable code; null for normal mail. */
  reason: string | null;
}
export interface BounceDetails {
  /** The Message-ID (without <>) of the mail that bounced: ours if it was a reply we sent. */
  originalMessageId: string | null;
  /** The address that could not be reached. */
  recipient: string | null;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string | null;
}

/** Header values by lower-case name, unfolded, in the order they appear. */
export type HeaderLookup = (name: string) => string[];

export interface ClassifyInput {
  header: HeaderLookup;
  subject: string | null;
  fromAddress: string | null;
  /** The top-level Content-Type, lower case, e.g. `multipart/report`. */
  contentType: string | null;
  /** Its `report-type` parameter, lower case. */
  reportType: string | null;
  report: ReportParts;
}

/** The machine-readable parts of a delivery report (RFC 3464, RFC 6522), decoded. */
export interface ReportParts {
  /** The message/delivery-status part. */
  deliveryStatus: string | null;
  /** The returned original (message/rfc822) or its headers (text/rfc822-headers). */
  original: string | null;
}

const NORMAL: MailClassification = { kind: 'normal', reason: null };

// Out-of-office subjects as Outlook, Exchange, Gmail, Apple Mail and the Finnish and Swedish
// web mails write them: a fixed phrase at the start, often followed by the original subject.
const OUT_OF_OFFICE_SUBJECT = new RegExp(
  '^\\s*(?:(?:re|vs|sv|aw|fw|vl):\\s*)?(?:' +
    [
      'automaattinen vastaus',
      'automaattivastaus',
      'poissa toimistolta',
      'poissaoloviesti',
      'poissa:',
      'lomaviesti',
      'olen lomalla',
      'frånvaro',
      'frånvarande',
      'automatiskt svar',
      'autosvar',
      'inte på kontoret',
      'ej på kontoret',
      'out of (?:the )?office',
      'automatic reply',
      'auto(?:matic)?[- ]?reply',
      'auto(?:matic)?[- ]?response',
      'away from (?:the )?office',
      'on vacation',
      'vacation reply',
    ].join('|') +
    ')',
  'iu',
);

const MAILER_DAEMON = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const DELIVERY_FAILURE_SUBJECT =
  /undeliver|undelivered|delivery (?:status notification|failure|has failed|failed)|mail delivery (?:failed|failure|system)|returned mail|failure notice|could not be delivered|non[- ]?delivery|toimitus epäonnistui|ei voitu toimittaa|toimittamaton|kan inte levereras|olevererbar|ej levererat|leveransfel|leverans misslyckades/i;

/** Whether a mail was written by a person, an auto-responder, or is a bounce. */
export function classifyMail(input: ClassifyInput): MailClassification {
  const { header } = input;
  if (input.contentType === 'multipart/report' && input.reportType === 'delivery-status') {
    // A report whose recipients were all delivered or are only delayed is news, not a bounce.
    const actions = deliveryStatusFields(input.report.deliveryStatus).actions;
    if (actions.length > 0 && !actions.includes('failed')) return { kind: 'auto_reply', reason: 'delivery_status_report' };
    return { kind: 'bounce', reason: 'delivery_status_report' };
  }
  if (input.fromAddress && MAILER_DAEMON.test(input.fromAddress)) {
    if (input.subject && DELIVERY_FAILURE_SUBJECT.test(input.subject)) return { kind: 'bounce', reason: 'mailer_daemon' };
    return { kind: 'auto_reply', reason: 'mailer_daemon' };
  }
  // RFC 3834: `no`, possibly with a comment or parameters, is the one value a person sends.
  const autoSubmitted = header('auto-submitted')[0];
  if (autoSubmitted !== undefined && !/^no(?:$|[\s;(])/i.test(autoSubmitted.trim())) {
    return { kind: 'auto_reply', reason: 'auto_submitted' };
  }
  if (header('x-autoreply').length > 0 || header('x-autorespond').length > 0 || header('x-autoresponder').length > 0) {
    return { kind: 'auto_reply', reason: 'x_autoreply' };
  }
  const precedence = header('precedence')[0]?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list' || precedence === 'auto_reply') {
    return { kind: 'auto_reply', reason: 'precedence_bulk' };
  }
  if (input.subject && OUT_OF_OFFICE_SUBJECT.test(input.subject)) return { kind: 'auto_reply', reason: 'ooo_subject' };
  // Exchange marks what it generates (out-of-office, inbox rules) this way; a person's mail
  // from Outlook may carry X-Auto-Response-Suppress too, so only together with Exchange's
  // own marks of generated mail.
  const suppress = header('x-auto-response-suppress')[0]?.toLowerCase() ?? '';
  if (
    /\b(?:all|oof)\b/.test(suppress) &&
    (header('x-ms-exchange-inbox-rules-loop').length > 0 || header('x-ms-exchange-generated-message-source').length > 0)
  ) {
    return { kind: 'auto_reply', reason: 'auto_response_suppress' };
  }
  return NORMAL;
}

/** Whether the mail is one Kanava sent, come back: our loop mark, or our own Message-ID. */
export function isOwnMailLoop(header: HeaderLookup, messageId: string | null): boolean {
  if (header('x-kanava-loop').length > 0) return true;
  if (header('x-loop').some((value) => /kanava/i.test(value))) return true;
  return messageId !== null && /^kanava\./i.test(messageId);
}

/** What a bounce says: which of our mails, to whom, and why (the status code). */
export function bounceDetails(report: ReportParts, text: string): BounceDetails {
  const fields = deliveryStatusFields(report.deliveryStatus);
  const original = (report.original !== null ? messageIdInHeaders(report.original) : null) ?? messageIdInText(text);
  const recipient = fields.recipient ?? failedAddressInText(text);
  const status = fields.status ?? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null;
  return { originalMessageId: original, recipient, status };
}

/**
 * The report parts read straight from the raw message, for when the MIME parser did not hand
 * them over as parts (nested oddly, or cut short). By RFC they are short 7-bit text.
 */
export function reportPartsFromRaw(raw: Buffer): ReportParts {
  const source = raw.toString('latin1');
  return {
    deliveryStatus: partBody(source, /content-type:\s*message\/(?:global-)?delivery-status/i),
    original: partBody(source, /content-type:\s*(?:message\/(?:global|rfc822)|text\/rfc822-headers)/i),
  };
}

interface DeliveryStatusFields {
  recipient: string | null;
  status: string | null;
  actions: string[];
}

function deliveryStatusFields(body: string | null): DeliveryStatusFields {
  const result: DeliveryStatusFields = { recipient: null, status: null, actions: [] };
  if (body === null) return result;
  let finalRecipient: string | null = null;
  let originalRecipient: string | null = null;
  for (const [name, value] of headerFields(body)) {
    if (name === 'final-recipient' || name === 'original-recipient') {
      const address = value
        .replace(/^[^;]*;/, '')
        .trim()
        .replace(/^<|>$/g, '')
        .toLowerCase();
      if (!address.includes('@')) continue;
      if (name === 'final-recipient') finalRecipient ??= address;
      else originalRecipient ??= address;
    } else if (name === 'status' && result.status === null) {
      result.status = /\d\.\d{1,3}\.\d{1,3}/.exec(value)?.[0] ?? null;
    } else if (name === 'action') {
      result.actions.push(value.trim().toLowerCase());
    }
  }
  // Original-Recipient is the address our mail was sent to (Final-Recipient can be where an
  // alias or forward led), so it is the one that matches our delivery.
  result.recipient = originalRecipient ?? finalRecipient;
  return result;
}

/** The Message-ID in the header block at the start of a returned original. */
function messageIdInHeaders(original: string): string | null {
  const headerBlock = original.split(/\r?\n\r?\n/)[0] ?? '';
  for (const [name, value] of headerFields(headerBlock)) {
    if (name === 'message-id') return bareMessageId(value);
  }
  return null;
}

function messageIdInText(text: string): string | null {
  const match = /^\s*message-id:\s*(<[^>\s]+>)/im.exec(text);
  return match ? bareMessageId(match[1]!) : null;
}

// Exim, qmail and Postfix's plain bounces list the failed addresses, indented, after a line
// saying so; the first address after that line is the one.
function failedAddressInText(text: string): string | null {
  const marker = /(?:following address(?:es)?|address\(es\) failed|recipients?|could not be delivered to)[^\n]*\n/i.exec(text);
  const from = marker ? marker.index + marker[0].length : 0;
  const match = /<?([a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,})>?/i.exec(text.slice(from));
  return match ? match[1]!.toLowerCase() : null;
}

/** `<abc@x>` or `abc@x` → `abc@x`; null when nothing is left. */
export function bareMessageId(value: string): string | null {
  const match = /<([^<>]+)>/.exec(value);
  const id = (match ? match[1]! : value).trim().replace(/\s+/g, '');
  return id.length > 0 ? id : null;
}

/** The body of the first MIME part whose headers match, up to its next boundary line. */
function partBody(source: string, contentTypeHeader: RegExp): string | null {
  const found = contentTypeHeader.exec(source);
  if (!found) return null;
  const headerEnd = /\r?\n\r?\n/g;
  headerEnd.lastIndex = found.index;
  const end = headerEnd.exec(source);
  if (!end) return null;
  const start = end.index + end[0].length;
  const boundary = /\r?\n--[^\r\n]+/g;
  boundary.lastIndex = start;
  const next = boundary.exec(source);
  return source.slice(start, next ? next.index : source.length);
}

/** `Name: value` fields of a header-like block, names lower case, continuation lines unfolded. */
function headerFields(block: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return fields;
}
