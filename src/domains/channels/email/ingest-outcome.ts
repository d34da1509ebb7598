// What became of one incoming email, whichever way it came in (push ingress, IMAP, the SMTP
// listener). The push ingress answers exactly this shape, and `kanava mail ingest` prints it.
export const mailOutcomes = ['created', 'appended', 'duplicate', 'auto_reply', 'bounce', 'rejected'] as const;
export type MailOutcome = (typeof mailOutcomes)[number];

export interface IngestResult {
  outcome: MailOutcome;
  /** The conversation the mail opened or joined (for a bounce: the one its reply belongs to). */
  conversationId: string | null;
  /** The stored message (Kanava's id), null when nothing was added to a conversation. */
  messageId: string | null;
  /** Why it was rejected or not added to a conversation: a stable code, e.g. `too_large`. */
  reason?: string;
}

export interface IngestInput {
  libraryId: string;
  /** The raw RFC 5322 message as it arrived. */
  raw: Buffer;
  /** The mailbox it was fetched from or addressed to, when known. */
  mailboxId?: string | null;
  source: 'push' | 'imap' | 'smtp';
}

/** The one pipeline every way in hands a message to (channels/email/ingest.ts). */
export type MailIngest = (input: IngestInput) => Promise<IngestResult>;
