// Scoring of the email benchmark, apart from servers and sockets so it can be tested on its
// own: what was lost and what was stored twice after a kill -9, counted by Message-ID and by
// thread, and the floor's verdict naming every condition that failed.

/** One incoming mail row as the server's audit returns it. */
export type MailRow = [headerMessageId: string, conversationId: string | null, messageId: string | null, outcome: string];

export interface Audit {
  mail: MailRow[];
  /** Customer messages beyond the first with the same body in the same conversation. */
  repeatedMessages: number;
  customerMessages: number;
  /** Customer messages no mail row points at (stored outside the one transaction). */
  messagesWithoutMail: number;
  conversations: number;
}

export interface SentMail {
  messageId: string;
  threadRoot: string;
}

export interface Durability {
  sent: number;
  stored: number;
  lost: number;
  /** A few of the lost Message-IDs, to start looking from. */
  lostExamples: string[];
  duplicates: number;
  duplicatesBy: {
    /** Rows beyond the first for one Message-ID (the unique index should make this 0). */
    mailRows: number;
    /** One mail stored as two messages (same body, same conversation). */
    messages: number;
    /** A thread whose mails went to more than one conversation: extra conversations. */
    threadSplits: number;
    /** Conversations beyond one per thread. */
    extraConversations: number;
    /** A mail stored as a message without its mail row, or a mail row pointing at no message. */
    unpaired: number;
  };
  /** Mails not stored as created/appended (rejected, taken for an auto-reply or a bounce). */
  notInConversation: Record<string, number>;
}

export function scoreDurability(sent: SentMail[], audit: Audit): Durability {
  const rowsById = new Map<string, MailRow[]>();
  for (const row of audit.mail) {
    const rows = rowsById.get(row[0]);
    if (rows) rows.push(row);
    else rowsById.set(row[0], [row]);
  }
  const lostIds = sent.filter((mail) => !rowsById.has(mail.messageId)).map((mail) => mail.messageId);
  let mailRows = 0;
  for (const rows of rowsById.values()) mailRows += rows.length - 1;

  const conversationsByThread = new Map<string, Set<string>>();
  const notInConversation: Record<string, number> = {};
  let unpaired = 0;
  for (const mail of sent) {
    for (const [, conversationId, messageId, outcome] of rowsById.get(mail.messageId) ?? []) {
      if (outcome !== 'created' && outcome !== 'appended') {
        notInConversation[outcome] = (notInConversation[outcome] ?? 0) + 1;
        continue;
      }
      if (!conversationId || !messageId) {
        unpaired += 1;
        continue;
      }
      const conversations = conversationsByThread.get(mail.threadRoot) ?? new Set<string>();
      conversations.add(conversationId);
      conversationsByThread.set(mail.threadRoot, conversations);
    }
  }
  let threadSplits = 0;
  for (const conversations of conversationsByThread.values()) threadSplits += conversations.size - 1;
  const threads = new Set(sent.map((mail) => mail.threadRoot)).size;
  const duplicatesBy = {
    mailRows,
    messages: audit.repeatedMessages,
    threadSplits,
    extraConversations: Math.max(0, audit.conversations - threads),
    unpaired: unpaired + audit.messagesWithoutMail,
  };
  return {
    sent: sent.length,
    stored: sent.length - lostIds.length,
    lost: lostIds.length,
    lostExamples: lostIds.slice(0, 5),
    duplicates: Object.values(duplicatesBy).reduce((a, b) => a + b, 0),
    duplicatesBy,
    notInConversation,
  };
}

/** The floor. The sizes say what a run must at least offer to be judged by it. */
export const FLOOR = {
  ingressPostgresMessagesPerSecond: 200,
  ingressMessages: 5000,
  imapMessages: 10_000,
  imapSeconds: 120,
};
export type Floor = typeof FLOOR;

export interface Figures {
  ingress: Record<string, { messages: number; messagesPerSecond: number; asExpected: boolean }>;
  imap: Record<string, { messages: number; stored: number; seconds: number | null }>;
  killAndRestart: Record<string, { killedMidRun: boolean; duplicates: number; lost: number }>;
}

export function judge(figures: Figures, floor: Floor = FLOOR): { met: boolean; failed: string[] } {
  const conditions: Record<string, boolean> = {
    // Without a PostgreSQL run there is nothing to hold to the floor's rate.
    'ingress.postgres.rate': (figures.ingress.postgres?.messagesPerSecond ?? 0) >= floor.ingressPostgresMessagesPerSecond,
    'imap.ran': Object.keys(figures.imap).length > 0,
    'killAndRestart.ran': Object.keys(figures.killAndRestart).length > 0,
  };
  for (const [backend, run] of Object.entries(figures.ingress)) {
    conditions[`ingress.${backend}.messages`] = run.messages >= floor.ingressMessages;
    conditions[`ingress.${backend}.storedAsExpected`] = run.asExpected;
  }
  for (const [backend, run] of Object.entries(figures.imap)) {
    conditions[`imap.${backend}.messages`] = run.messages >= floor.imapMessages && run.stored === run.messages;
    conditions[`imap.${backend}.seconds`] = run.seconds !== null && run.seconds < floor.imapSeconds;
  }
  for (const [backend, run] of Object.entries(figures.killAndRestart)) {
    conditions[`killAndRestart.${backend}.killedMidRun`] = run.killedMidRun;
    conditions[`killAndRestart.${backend}.zeroDuplicates`] = run.duplicates === 0;
    conditions[`killAndRestart.${backend}.zeroLost`] = run.lost === 0;
  }
  const failed = Object.entries(conditions)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  return { met: failed.length === 0, failed };
}
