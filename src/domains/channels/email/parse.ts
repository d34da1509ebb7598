// A raw email turned into what the ingest needs (a minimal version; see the parse helper's).
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  contentId: string | null;
  inline: boolean;
}
export interface ParsedMail {
  messageId: string;
  hadMessageId: boolean;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null } | null;
  replyTo: string | null;
  to: string[];
  cc: string[];
  deliveredTo: string[];
  subject: string | null;
  date: Date | null;
  text: string;
  html: string | null;
  attachments: ParsedAttachment[];
  classification: { kind: 'normal' | 'auto_reply' | 'bounce'; reason: string | null };
  bounce: { originalMessageId: string | null; recipient: string | null; status: string | null } | null;
  loop: boolean;
  contentLanguage: 'fi' | 'sv' | 'en' | null;
  recipientCount: number;
  warnings: string[];
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '');
const ids = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map(bare).filter(Boolean);

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value).flatMap((v) => (v.address ? [v.address.toLowerCase()] : []));
}

function headerText(headers: Map<string, unknown>, name: string): string | null {
  const value = headers.get(name);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return null;
}

function classify(headers: Map<string, unknown>, from: string | null, contentType: string | null) {
  const submitted = headerText(headers, 'auto-submitted');
  if (contentType?.toLowerCase().includes('multipart/report') || (from && /^(mailer-daemon|postmaster)@/.test(from))) {
    return { kind: 'bounce' as const, reason: 'delivery_report' };
  }
  if (submitted && submitted.toLowerCase() !== 'no') return { kind: 'auto_reply' as const, reason: 'auto_submitted' };
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return { kind: 'auto_reply' as const, reason: 'x_autoreply' };
  if (/^(bulk|junk|list)$/i.test(headerText(headers, 'precedence') ?? '')) return { kind: 'auto_reply' as const, reason: 'precedence' };
  return { kind: 'normal' as const, reason: null };
}

export async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const mail = await simpleParser(raw, { skipHtmlToText: false });
  const from = mail.from?.value[0]?.address
    ? { address: mail.from.value[0].address.toLowerCase(), name: mail.from.value[0].name || null }
    : null;
  const headers = mail.headers as Map<string, unknown>;
  const contentType = headerText(headers, 'content-type');
  const classification = classify(headers, from?.address ?? null, contentType);
  let bounce: ParsedMail['bounce'] = null;
  if (classification.kind === 'bounce') {
    const original = /^Message-ID:\s*<([^>]+)>/im.exec(raw.toString('latin1'));
    bounce = { originalMessageId: original ? original[1]! : null, recipient: null, status: null };
  }
  const to = addresses(mail.to);
  const cc = addresses(mail.cc);
  const delivered = headers.get('delivered-to');
  const deliveredTo = (Array.isArray(delivered) ? delivered : delivered ? [delivered] : []).map((d) => String(d).trim().toLowerCase());
  const language = headerText(headers, 'content-language')?.slice(0, 2).toLowerCase();
  return {
    messageId: mail.messageId ? bare(mail.messageId) : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    hadMessageId: Boolean(mail.messageId),
    inReplyTo: mail.inReplyTo ? (ids(mail.inReplyTo)[0] ?? null) : null,
    references: ids(mail.references),
    from,
    replyTo: addresses(mail.replyTo)[0] ?? null,
    to,
    cc,
    deliveredTo,
    subject: mail.subject ?? null,
    date: mail.date ?? null,
    text: (mail.text ?? '').trim(),
    html: typeof mail.html === 'string' ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      size: a.size,
      content: a.content,
      contentId: a.contentId ? bare(a.contentId) : null,
      inline: a.contentDisposition === 'inline' && Boolean(a.contentId),
    })),
    classification,
    bounce,
    loop: false,
    contentLanguage: language === 'fi' || language === 'sv' || language === 'en' ? language : null,
    recipientCount: to.length + cc.length,
    warnings: [],
  };
}
