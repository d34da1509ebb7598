// The optional SMTP listener (KANAVA_SMTP_PORT), for installs without a mail server of
// their own: it accepts mail for any library's mailbox address (or its plus-tagged form)
// and hands each library's copy to the same pipeline as the push ingress and IMAP. It has
// no authentication and no TLS: put it behind a real MX, or firewall it to the mail relay
// that forwards to it (docs/email.md).
import type { Kysely } from 'kysely';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { DB } from '../../../platform/db/types.js';
import type { MailIngest } from './ingest-outcome.js';
import { mailboxesByAddress } from './store.js';

export interface SmtpListenerDeps {
  db: Kysely<DB>;
  ingest: MailIngest;
  /** config.mailMaxBytes, announced with SIZE and enforced (552). */
  maxBytes: number;
  log: { warn(details: Record<string, unknown>, message: string): void };
}

/** An SMTP answer: code and text the client sees. */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** The mailbox address a recipient names, without a plus tag (`info+k…@x` → `info@x`). */
export function untagged(address: string): string {
  return address
    .trim()
    .toLowerCase()
    .replace(/\+[^@]*@/, '@');
}

export class SmtpListener {
  readonly #deps: SmtpListenerDeps;
  readonly #server: SMTPServer;
  #port = 0;

  constructor(deps: SmtpListenerDeps) {
    this.#deps = deps;
    this.#server = new SMTPServer({
      size: deps.maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      banner: 'Kanava',
      onRcptTo: (address, session, callback) => {
        this.#acceptRecipient(address, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
      onData: (stream, session, callback) => {
        this.#receive(stream, session).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      },
    });
    this.#server.on('error', (error) => deps.log.warn({ error: error.name }, 'smtp listener error'));
  }

  /** The port it listens on (useful when started on port 0). */
  get port(): number {
    return this.#port;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = this.#server.listen(port, host, () => {
        const address = server.address();
        this.#port = typeof address === 'object' && address ? address.port : port;
        resolve(this.#port);
      });
      server.once('error', reject);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #acceptRecipient(address: SMTPServerAddress, _session: SMTPServerSession): Promise<void> {
    const mailboxes = await mailboxesByAddress(this.#deps.db, untagged(address.address));
    if (mailboxes.length === 0) throw smtpError(550, 'No such mailbox here');
  }

  async #receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    if (stream.sizeExceeded) throw smtpError(552, 'Message exceeds the size limit');
    const raw = Buffer.concat(chunks);
    // One copy per library, to the first of its mailboxes the mail was sent to.
    const byLibrary = new Map<string, string>();
    for (const recipient of session.envelope.rcptTo) {
      for (const mailbox of await mailboxesByAddress(this.#deps.db, untagged(recipient.address))) {
        if (!byLibrary.has(mailbox.library_id)) byLibrary.set(mailbox.library_id, mailbox.id);
      }
    }
    try {
      for (const [libraryId, mailboxId] of byLibrary) await this.#deps.ingest({ libraryId, raw, mailboxId, source: 'smtp' });
    } catch (error) {
      // Nothing was answered yet: the sender keeps the mail and tries again later.
      this.#deps.log.warn({ error: error instanceof Error ? error.name : typeof error }, 'smtp listener could not store a mail');
      throw smtpError(451, 'Temporary failure, try again later');
    }
  }
}
