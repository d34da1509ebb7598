// An email conversation written straight into the database, as the mail ingest would store
// it: a customer with an address, the conversation, the customer's message, its mail row
// (with or without an HTML part) and any attachments.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/types.js';
import type { Language } from '../../src/contract/languages.js';

export interface EmailSeed {
  libraryId: string;
  address: string;
  subject: string;
  body: string;
  /** The mail's sanitised HTML part; null for a plain-text mail. */
  html: string | null;
  language?: Language;
  attachments?: { filename: string; contentType: string; content: Buffer; inline?: boolean }[];
}

export interface SeededEmail {
  conversationId: string;
  messageId: string;
  customerId: string;
  attachmentIds: string[];
}

export async function seedEmailConversation(db: Kysely<DB>, seed: EmailSeed): Promise<SeededEmail> {
  return db.transaction().execute(async (trx) => {
    const language = seed.language ?? 'fi';
    const customer = await trx
      .insertInto('customers')
      .values({ library_id: seed.libraryId, email: seed.address, name: null, preferred_language: language, widget_token_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conversation = await trx
      .insertInto('conversations')
      .values({
        library_id: seed.libraryId,
        customer_id: customer.id,
        channel: 'email',
        language,
        subject: seed.subject,
        assignee_id: null,
        last_seq: 1,
        last_message_preview: seed.body.slice(0, 140),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const message = await trx
      .insertInto('messages')
      .values({
        library_id: seed.libraryId,
        conversation_id: conversation.id,
        seq: 1,
        kind: 'customer',
        author_account_id: null,
        body: seed.body,
        event: null,
        client_message_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('mail_messages')
      .values({
        library_id: seed.libraryId,
        mailbox_id: null,
        conversation_id: conversation.id,
        message_id: message.id,
        direction: 'in',
        outcome: 'created',
        header_message_id: `${randomBytes(8).toString('hex')}@mail.example`,
        in_reply_to: null,
        from_address: seed.address,
        subject: seed.subject,
        sent_at: new Date(),
        html: seed.html,
        raw_size: seed.body.length,
        bounce_delivery_id: null,
        reason: null,
      })
      .execute();
    const attachmentIds: string[] = [];
    for (const file of seed.attachments ?? []) {
      const row = await trx
        .insertInto('message_attachments')
        .values({
          library_id: seed.libraryId,
          conversation_id: conversation.id,
          message_id: message.id,
          filename: file.filename,
          content_type: file.contentType,
          size: file.content.length,
          content_id: file.inline ? `${randomBytes(4).toString('hex')}@mail.example` : null,
          inline: file.inline ?? false,
          content: file.content,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      attachmentIds.push(row.id);
    }
    return { conversationId: conversation.id, messageId: message.id, customerId: customer.id, attachmentIds };
  });
}
