// SQL for showing staff a stored mail: its sanitised HTML part. Every query is scoped by library.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';

/** What is known of a message's HTML: whether the conversation and message exist, and the HTML. */
export interface MailHtmlLookup {
  conversationFound: boolean;
  messageFound: boolean;
  html: string | null;
}

/**
 * The HTML of the mail behind a message of a conversation of the library. A message has one
 * mail row; should there ever be more (the same mail stored under two Message-IDs), any with
 * HTML will do.
 */
export async function findMailHtml(db: Kysely<DB>, libraryId: string, conversationId: string, messageId: string): Promise<MailHtmlLookup> {
  const row = await db
    .selectFrom('conversations as c')
    .leftJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'c.id').on('m.id', '=', messageId))
    .leftJoin('mail_messages as mm', (join) =>
      join.onRef('mm.message_id', '=', 'm.id').onRef('mm.library_id', '=', 'c.library_id').on('mm.html', 'is not', null),
    )
    .select(['m.id as message_id', 'mm.html'])
    .where('c.id', '=', conversationId)
    .where('c.library_id', '=', libraryId)
    .limit(1)
    .executeTakeFirst();
  return { conversationFound: row !== undefined, messageFound: row?.message_id != null, html: row?.html ?? null };
}
