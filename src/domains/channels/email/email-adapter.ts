// Email as a queued channel: the delivery job hands it a staff reply (or a mail's automatic
// receipt), and it sends it through the SMTP server of the mailbox the customer wrote to.
// The mail is recorded only after the server accepted it; a resend after a crash carries
// the same Message-ID, so the customer's server and our own records see one mail.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { DB } from '../../../platform/db/types.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { OutboundDelivery } from '../../conversations/service.js';
import { DeliveryError } from '../adapter.js';
import type { QueuedAdapter } from '../deliveries/worker.js';
import { composeMail, inLanguage } from './compose.js';
import { createSmtpTransport } from './smtp-transport.js';
import { readMailboxSettings, type MailboxSettings, type ServerSettings } from './mailbox-settings.js';
import { firstSendingMailbox, incomingMailOf, latestIncomingMail, recordSentMail, sendingContext } from './sending-store.js';

/** Codes no retry mends: staff must act (fix the address, add a mailbox) and try again. */
const PERMANENT = new Set(['smtp_rejected', 'no_mailbox', 'no_recipient', 'no_receipt_text', 'reply_missing']);

export interface EmailAdapterOptions {
  db: Kysely<DB>;
  secrets: SecretBox;
  /** Seconds-scale limits on a mail server that accepts a connection and then says nothing. */
  timeoutMs?: number;
}

export class EmailAdapter implements QueuedAdapter {
  readonly kind = 'email';
  readonly mode = 'queued';
  readonly #db: Kysely<DB>;
  readonly #secrets: SecretBox;
  readonly #timeoutMs: number;
  /** One transport per mailbox and its settings; changed settings make a new one. */
  readonly #transports = new Map<string, { key: string; transport: Transporter<SMTPTransport.SentMessageInfo> }>();

  constructor(options: EmailAdapterOptions) {
    this.#db = options.db;
    this.#secrets = options.secrets;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  isPermanent(code: string): boolean {
    return PERMANENT.has(code);
  }

  async deliver(delivery: OutboundDelivery): Promise<'sent'> {
    const { libraryId, conversationId, message } = delivery;
    const context = await sendingContext(this.#db, libraryId, message.id);
    if (!context) throw new DeliveryError('reply_missing');
    // A delivery on the customer's own message is the receipt of the mail that opened the conversation.
    const kind = message.kind === 'customer' ? 'receipt' : 'reply';
    const answers =
      kind === 'receipt'
        ? await incomingMailOf(this.#db, libraryId, message.id)
        : await latestIncomingMail(this.#db, libraryId, conversationId);
    const mailbox = await this.#mailbox(libraryId, answers?.mailboxId ?? null);
    if (!mailbox?.smtp) throw new DeliveryError('no_mailbox');
    if (!context.customerEmail) throw new DeliveryError('no_recipient');
    const body = kind === 'receipt' ? inLanguage(mailbox.receiptText, context.language) : message.body;
    if (!body) throw new DeliveryError('no_receipt_text');
    const composed = composeMail(
      this.#secrets,
      {
        kind,
        libraryId,
        conversationId,
        deliveryId: context.deliveryId,
        mailbox,
        to: context.customerEmail,
        language: context.language,
        subject: context.subject,
        body,
        answers: answers ?? null,
      },
      libraryId,
    );
    try {
      await this.#transport(mailbox, mailbox.smtp).sendMail(composed.options);
    } catch (error) {
      throw new DeliveryError(smtpErrorCode(error), { cause: error });
    }
    await recordSentMail(this.#db, {
      libraryId,
      mailboxId: mailbox.id,
      conversationId,
      messageId: kind === 'reply' ? message.id : null,
      headerMessageId: composed.messageId,
      inReplyTo: composed.inReplyTo,
      references: composed.references,
      fromAddress: mailbox.address,
      subject: composed.subject,
      sentAt: new Date(),
    });
    return 'sent';
  }

  close(): void {
    for (const { transport } of this.#transports.values()) transport.close();
    this.#transports.clear();
  }

  /** The mailbox the customer wrote to when it can still send, else the library's first that can. */
  async #mailbox(libraryId: string, answeredMailboxId: string | null): Promise<MailboxSettings | null> {
    if (answeredMailboxId) {
      const answered = await readMailboxSettings(this.#db, this.#secrets, libraryId, answeredMailboxId);
      if (answered?.active && answered.smtp) return answered;
    }
    const first = await firstSendingMailbox(this.#db, libraryId);
    return first ? readMailboxSettings(this.#db, this.#secrets, libraryId, first) : null;
  }

  #transport(mailbox: MailboxSettings, smtp: ServerSettings): Transporter<SMTPTransport.SentMessageInfo> {
    // The key holds a hash of the secret, never the secret itself.
    const key = createHash('sha256')
      .update(JSON.stringify([smtp.host, smtp.port, smtp.security, smtp.user, smtp.secret]))
      .digest('hex');
    const cached = this.#transports.get(mailbox.id);
    if (cached?.key === key) return cached.transport;
    cached?.transport.close();
    const transport = createSmtpTransport(smtp, this.#timeoutMs);
    this.#transports.set(mailbox.id, { key, transport });
    return transport;
  }
}

/**
 * A stable code for what the mail server (or the way to it) said. A 5xx answer refuses this
 * mail for good; a 4xx or a broken connection is worth another try later.
 */
export function smtpErrorCode(error: unknown): string {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  if (code === 'EAUTH' || code === 'ENOAUTH') return 'smtp_auth_failed';
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) return 'smtp_rejected';
  if (typeof responseCode === 'number' && responseCode >= 400 && responseCode < 500) return 'smtp_unavailable';
  if (code === 'ETIMEDOUT') return 'smtp_timeout';
  if (code === 'ETLS') return 'smtp_tls_failed';
  return 'smtp_unavailable';
}
