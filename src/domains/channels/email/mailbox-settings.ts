// A mailbox's connection settings with its secrets decrypted, for the parts that talk to mail
// servers (the IMAP poller, the SMTP sender, "test connection"). Never presented to a client.
import type { Kysely, Selectable } from 'kysely';
import type { DB, MailSecurity } from '../../../platform/db/types.js';
import type { SecretBox } from '../../../platform/secrets.js';
import type { Language } from '../../../contract/languages.js';

export interface ServerSettings {
  host: string;
  port: number;
  security: MailSecurity;
  user: string | null;
  /** Decrypted; null when none is stored. */
  secret: string | null;
}

export interface MailboxSettings {
  id: string;
  libraryId: string;
  address: string;
  displayName: Partial<Record<Language, string>>;
  signature: Partial<Record<Language, string>>;
  receiptEnabled: boolean;
  receiptText: Partial<Record<Language, string>>;
  imap: (ServerSettings & { folder: string }) | null;
  smtp: ServerSettings | null;
  active: boolean;
}

export function settingsFromRow(row: Selectable<DB['mailboxes']>, secrets: SecretBox): MailboxSettings {
  const open = (stored: string | null) => (stored ? secrets.decrypt(stored) : null);
  return {
    id: row.id,
    libraryId: row.library_id,
    address: row.address,
    displayName: row.display_name,
    signature: row.signature,
    receiptEnabled: row.receipt_enabled,
    receiptText: row.receipt_text,
    imap:
      row.imap_host && row.imap_port
        ? {
            host: row.imap_host,
            port: row.imap_port,
            security: row.imap_security,
            user: row.imap_user,
            secret: open(row.imap_secret),
            folder: row.imap_folder,
          }
        : null,
    smtp:
      row.smtp_host && row.smtp_port
        ? { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, user: row.smtp_user, secret: open(row.smtp_secret) }
        : null,
    active: row.active,
  };
}

/** One mailbox of a library, with secrets; null when it doesn't exist there. */
export async function readMailboxSettings(
  db: Kysely<DB>,
  secrets: SecretBox,
  libraryId: string,
  mailboxId: string,
): Promise<MailboxSettings | null> {
  const row = await db
    .selectFrom('mailboxes')
    .selectAll()
    .where('library_id', '=', libraryId)
    .where('id', '=', mailboxId)
    .executeTakeFirst();
  return row ? settingsFromRow(row, secrets) : null;
}
