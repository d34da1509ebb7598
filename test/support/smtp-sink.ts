// A real SMTP server (smtp-server) that keeps what it was sent, parsed with mailparser, and
// can be told to refuse: tests of the sending side talk to it as to a library's mail server.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface SunkMail {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
}

export class SmtpSink {
  readonly mails: SunkMail[] = [];
  /** What the server answers to the next mails: accept, or an SMTP status that refuses. */
  answer: 'accept' | 451 | 550 = 'accept';
  readonly #server: SMTPServer;
  port = 0;

  private constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.answer !== 'accept') {
            const error = new Error(this.answer === 451 ? 'Try again later' : 'Mailbox unavailable') as Error & { responseCode: number };
            error.responseCode = this.answer;
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              this.mails.push({ raw: raw.toString('latin1'), parsed, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  /** A mailbox row of `libraryId` that sends through this sink (plain SMTP on loopback). */
  sendingMailbox(libraryId: string, address: string) {
    return { library_id: libraryId, address, smtp_host: '127.0.0.1', smtp_port: this.port, smtp_security: 'none' as const };
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.#server.listen(0, '127.0.0.1', resolve));
    sink.port = (sink.#server.server.address() as AddressInfo).port;
    return sink;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
