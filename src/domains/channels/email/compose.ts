// The mail that carries a staff reply (or an automatic receipt) to the customer: who it is
// from, the marks that thread the customer's answer back (Reply-To, Message-ID, References,
// the subject reference) and the body with the mailbox's signature in the conversation's
// language. Plain text, quoted-printable UTF-8, with a simple HTML twin of the same text.
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Language } from '../../../contract/languages.js';
import { languages } from '../../../contract/languages.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { MailboxSettings } from './mailbox-settings.js';
import { outgoingMessageId, replyAddress, subjectReference } from './thread-tokens.js';

/** More than this many References are cut from the oldest end (the first one is kept). */
const MAX_REFERENCES = 20;

export interface OutgoingMail {
  kind: 'reply' | 'receipt';
  libraryId: string;
  conversationId: string;
  deliveryId: string;
  mailbox: MailboxSettings;
  to: string;
  language: Language;
  subject: string | null;
  body: string;
  /** The mail it answers: In-Reply-To and the start of References. */
  answers: { headerMessageId: string; references: string[] } | null;
}

export interface ComposedMail {
  options: Mail.Options;
  messageId: string;
  subject: string;
  inReplyTo: string | null;
  references: string[];
}

/** The text in the conversation's language, else in the first language that has one. */
export function inLanguage(texts: Partial<Record<Language, string>>, language: Language): string | null {
  for (const candidate of [language, ...languages]) {
    const text = texts[candidate]?.trim();
    if (text) return text;
  }
  return null;
}

/** `Re: <subject> [#ref]`: one "Re:", and the reference once. */
export function replySubject(subject: string | null, conversationId: string): string {
  const reference = subjectReference(conversationId);
  let base = (subject ?? '').replace(/\s+/g, ' ').trim();
  while (/^(re|sv|vs|aw)\s*:\s*/i.test(base)) base = base.replace(/^(re|sv|vs|aw)\s*:\s*/i, '');
  if (!base.includes(reference)) base = base ? `${base} ${reference}` : reference;
  return `Re: ${base}`;
}

function threadReferences(answers: OutgoingMail['answers']): string[] {
  if (!answers) return [];
  const all = [...answers.references, answers.headerMessageId].filter((id, index, list) => id && list.indexOf(id) === index);
  if (all.length <= MAX_REFERENCES) return all;
  return [all[0]!, ...all.slice(all.length - (MAX_REFERENCES - 1))];
}

const bracket = (id: string) => `<${id}>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function composeMail(secrets: SecretBox, mail: OutgoingMail, libraryMark: string): ComposedMail {
  const { mailbox } = mail;
  const messageId = outgoingMessageId(secrets, mail.deliveryId, mailbox.address);
  const subject = replySubject(mail.subject, mail.conversationId);
  const references = threadReferences(mail.answers);
  const signature = mail.kind === 'reply' ? inLanguage(mailbox.signature, mail.language) : null;
  const text = signature ? `${mail.body}\n\n-- \n${signature}` : mail.body;
  const displayName = inLanguage(mailbox.displayName, mail.language);
  const paragraphs = text.split(/\n{2,}/).map((part) => `<p>${escapeHtml(part).replace(/\n/g, '<br>')}</p>`);
  return {
    messageId,
    subject,
    inReplyTo: mail.answers?.headerMessageId ?? null,
    references,
    options: {
      from: displayName ? { name: displayName, address: mailbox.address } : mailbox.address,
      to: mail.to,
      replyTo: replyAddress(secrets, mail.conversationId, mailbox.address),
      subject,
      messageId: bracket(messageId),
      ...(mail.answers ? { inReplyTo: bracket(mail.answers.headerMessageId) } : {}),
      ...(references.length ? { references: references.map(bracket) } : {}),
      text,
      html: `<!doctype html><html lang="${mail.language}"><body>${paragraphs.join('')}</body></html>`,
      textEncoding: 'quoted-printable',
      headers: {
        'Content-Language': mail.language,
        // A receipt is an automatic answer: well-behaved auto-responders do not answer it.
        'Auto-Submitted': mail.kind === 'receipt' ? 'auto-replied' : 'no',
        // Our own mail coming back (a forwarding loop) is recognised by the parser.
        'X-Kanava-Loop': libraryMark,
      },
    },
  };
}
