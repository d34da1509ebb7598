// SQL for conversations and their messages. Every query is scoped by library.
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { TagBriefView } from '../../contract/tags.js';
import type { DB } from '../../platform/db/types.js';
import type { ChannelKind, ConversationStatus, DeliveryStatus, MessageKind } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import { decodeCursor } from '../../platform/pagination.js';
import type { ConversationRowWithPeople, MessageRowWithAuthor } from './presenter.js';

const PREVIEW_LENGTH = 140;

/** The topic tags set on the conversation `c`, oldest first, as JSON (tags domain's table). */
const conversationTags = sql<TagBriefView[]>`coalesce((
  SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'active', t.active) ORDER BY t.created_at, t.id)
  FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
  WHERE ct.conversation_id = c.id), '[]'::json)`;

function conversationsWithPeople(db: Kysely<DB>, libraryId: string) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('accounts as a', 'a.id', 'c.assignee_id')
    .select([
      'c.id',
      'c.channel',
      'c.status',
      'c.language',
      'c.subject',
      'c.customer_id',
      'cu.name as customer_name',
      'cu.email as customer_email',
      'c.assignee_id',
      'a.display_name as assignee_name',
      'c.last_seq',
      'c.created_at',
      'c.updated_at',
      'c.last_message_at',
      'c.last_message_preview',
      'c.merged_into_id',
      conversationTags.as('tags'),
      'c.page_url',
      'c.page_title',
      'c.customer_left_at',
      'c.queue_id',
      'c.waiting_since',
      'c.first_response_at',
      'c.first_response_due_at',
      'c.resolution_due_at',
    ])
    .where('c.library_id', '=', libraryId);
}

/** Stands for "no time" in the ascending sorts, so that those rows come last and still page. */
const NEVER = '9999-12-31T00:00:00.000Z';

/** The sort key of each inbox order (ascending ones put rows without a time last). */
const sortKeys = {
  latest: sql<Date>`c.last_message_at`,
  waiting: sql<Date>`coalesce(c.waiting_since, ${NEVER}::timestamptz)`,
  due: sql<Date>`coalesce(CASE WHEN c.status = 'resolved' THEN NULL ELSE least(
    CASE WHEN c.first_response_at IS NULL THEN c.first_response_due_at END, c.resolution_due_at) END, ${NEVER}::timestamptz)`,
};
export type ConversationSort = keyof typeof sortKeys;

export function findConversation(db: Kysely<DB>, libraryId: string, id: string): Promise<ConversationRowWithPeople | undefined> {
  return conversationsWithPeople(db, libraryId).where('c.id', '=', id).executeTakeFirst();
}

export interface ConversationFilters {
  status?: ConversationStatus | undefined;
  assigneeId?: string | null | undefined;
  channel?: ChannelKind | undefined;
  language?: Language | undefined;
  customerId?: string | undefined;
  /** Only conversations with this topic tag. */
  tagId?: string | undefined;
  /** Only conversations in one of these queues (an empty list matches none). */
  queueIds?: string[] | undefined;
  /** latest activity first (default); waiting: longest-waiting first; due: closest to its target first. */
  sort?: ConversationSort | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listConversations(
  db: Kysely<DB>,
  libraryId: string,
  filters: ConversationFilters,
): Promise<(ConversationRowWithPeople & { sort_key: Date })[]> {
  const sort = filters.sort ?? 'latest';
  const key = sortKeys[sort];
  const direction = sort === 'latest' ? 'desc' : 'asc';
  let query = conversationsWithPeople(db, libraryId)
    .select(key.as('sort_key'))
    .orderBy(key, direction)
    .orderBy('c.id', direction)
    .limit(filters.limit + 1);
  if (filters.queueIds) {
    const queueIds = filters.queueIds;
    query = queueIds.length ? query.where('c.queue_id', 'in', queueIds) : query.where(sql<boolean>`false`);
  }
  if (filters.status) query = query.where('c.status', '=', filters.status);
  if (filters.assigneeId === null) query = query.where('c.assignee_id', 'is', null);
  else if (filters.assigneeId) query = query.where('c.assignee_id', '=', filters.assigneeId);
  if (filters.channel) query = query.where('c.channel', '=', filters.channel);
  if (filters.language) query = query.where('c.language', '=', filters.language);
  if (filters.customerId) query = query.where('c.customer_id', '=', filters.customerId);
  if (filters.tagId) {
    const tagId = filters.tagId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversation_tags as ft')
          .select('ft.tag_id')
          .whereRef('ft.conversation_id', '=', 'c.id')
          .where('ft.tag_id', '=', tagId),
      ),
    );
  }
  if (filters.cursor) {
    const { time, id } = decodeCursor(filters.cursor);
    const beyond = direction === 'desc' ? '<' : '>';
    query = query.where((eb) => eb.or([eb(key, beyond, time), eb.and([eb(key, '=', time), eb('c.id', beyond, id)])]));
  }
  return query.execute();
}

export async function insertConversation(
  db: Kysely<DB>,
  input: {
    libraryId: string;
    customerId: string;
    channel: ChannelKind;
    language: Language;
    subject: string | null;
    page?: { url: string; title: string | null } | null | undefined;
    /** Where routing put it (queues domain), with the due times of its targets. */
    routing?: QueueAssignment | undefined;
    entryPoint?: string | null | undefined;
  },
): Promise<string> {
  const row = await db
    .insertInto('conversations')
    .values({
      library_id: input.libraryId,
      customer_id: input.customerId,
      channel: input.channel,
      language: input.language,
      subject: input.subject,
      page_url: input.page?.url ?? null,
      page_title: input.page?.url ? (input.page.title ?? null) : null,
      entry_point: input.entryPoint ?? null,
      ...(input.routing
        ? {
            queue_id: input.routing.queueId,
            first_response_due_at: input.routing.firstResponseDueAt,
            resolution_due_at: input.routing.resolutionDueAt,
          }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A queue and the due times of its targets for a conversation. */
export interface QueueAssignment {
  queueId: string;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

export interface AppendMessage {
  libraryId: string;
  conversationId: string;
  kind: MessageKind;
  body: string;
  authorId: string | null;
  event: Record<string, unknown> | null;
  clientMessageId: string | null;
  /** For a customer's message: the customer who must own the conversation, checked by the append itself. */
  customerId?: string | null;
}

export interface AppendedMessage {
  id: string;
  seq: number;
  createdAt: Date;
  status: ConversationStatus;
  previousStatus: ConversationStatus;
  channel: ChannelKind;
  /** The delivery record stored with a staff reply; null for the other kinds. */
  delivery: { status: DeliveryStatus; last_error: string | null; updated_at: Date } | null;
}

/**
 * Appends a message and hands it the conversation's next sequence number, in one statement:
 * the UPDATE locks the conversation row, so concurrent appends get consecutive numbers.
 * A customer message reopens the conversation; the first staff reply stamps the first
 * response. A staff reply gets its delivery record (queued) in the same statement, so a
 * reply can never exist without one. No row comes back when the conversation does not
 * exist in this library or the client id was already stored (see findByClientId).
 */
const APPEND_MESSAGE_SQL = `
  WITH previous AS (
    SELECT status FROM conversations WHERE id = $1 AND library_id = $2
  ), bumped AS (
    UPDATE conversations SET
      last_seq = last_seq + 1,
      updated_at = now(),
      last_message_at = CASE WHEN $3::boolean THEN now() ELSE last_message_at END,
      last_message_preview = CASE WHEN $3::boolean THEN $4::text ELSE last_message_preview END,
      status = CASE WHEN $5::text = 'customer' THEN 'open' ELSE status END,
      resolved_at = CASE WHEN $5::text = 'customer' THEN NULL ELSE resolved_at END,
      customer_left_at = CASE WHEN $5::text = 'customer' THEN NULL ELSE customer_left_at END,
      first_response_at = CASE WHEN $5::text = 'staff' THEN coalesce(first_response_at, now()) ELSE first_response_at END,
      waiting_since = CASE WHEN $5::text = 'customer' THEN coalesce(waiting_since, now())
        WHEN $5::text = 'staff' THEN NULL ELSE waiting_since END
    WHERE id = $1 AND library_id = $2 AND merged_into_id IS NULL
      AND ($10::uuid IS NULL OR customer_id = $10::uuid)
      AND ($6::text IS NULL OR NOT EXISTS (
        SELECT 1 FROM messages WHERE conversation_id = $1 AND client_message_id = $6::text))
    RETURNING last_seq, status, channel
  ), inserted AS (
    INSERT INTO messages (library_id, conversation_id, seq, kind, author_account_id, body, event, client_message_id)
    SELECT $2, $1, bumped.last_seq, $5::text, $7::uuid, $8::text, $9::jsonb, $6::text
    FROM bumped
    ON CONFLICT (conversation_id, client_message_id) DO NOTHING
    RETURNING id, seq, created_at
  ), delivery AS (
    INSERT INTO deliveries (library_id, conversation_id, message_id, channel)
    SELECT $2, $1, inserted.id, bumped.channel FROM inserted, bumped
    WHERE $5::text = 'staff'
    RETURNING status, last_error, updated_at
  )
  SELECT inserted.id, inserted.seq, inserted.created_at, bumped.status, previous.status AS previous_status,
    bumped.channel, delivery.status AS delivery_status, delivery.last_error AS delivery_error,
    delivery.updated_at AS delivery_updated_at
  FROM inserted CROSS JOIN bumped CROSS JOIN previous LEFT JOIN delivery ON true`;

interface AppendRow {
  id: string;
  seq: number;
  created_at: Date;
  status: ConversationStatus;
  previous_status: ConversationStatus;
  channel: ChannelKind;
  delivery_status: DeliveryStatus | null;
  delivery_error: string | null;
  delivery_updated_at: Date | null;
}

/**
 * Runs a statement by name as a prepared statement (parsed and planned once per
 * connection). On the embedded database that halves the cost of the hottest statement.
 */
export type PreparedRunner = (name: string, text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

export async function appendMessage(db: Kysely<DB>, m: AppendMessage, prepared?: PreparedRunner): Promise<AppendedMessage | undefined> {
  const visible = m.kind === 'customer' || m.kind === 'staff';
  const values = [
    m.conversationId,
    m.libraryId,
    visible,
    visible ? m.body.slice(0, PREVIEW_LENGTH) : null,
    m.kind,
    m.clientMessageId,
    m.authorId,
    m.body,
    m.event ? JSON.stringify(m.event) : null,
    m.customerId ?? null,
  ];
  const result = prepared
    ? await prepared('kanava_append_message', APPEND_MESSAGE_SQL, values)
    : await db.executeQuery(CompiledQuery.raw(APPEND_MESSAGE_SQL, values));
  const row = result.rows[0] as AppendRow | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    seq: row.seq,
    createdAt: row.created_at,
    status: row.status,
    previousStatus: row.previous_status,
    channel: row.channel,
    delivery:
      row.delivery_status && row.delivery_updated_at
        ? { status: row.delivery_status, last_error: row.delivery_error, updated_at: row.delivery_updated_at }
        : null,
  };
}

function messagesWithAuthor(db: Kysely<DB>, libraryId: string, conversationId: string) {
  return db
    .selectFrom('messages as m')
    .leftJoin('accounts as a', 'a.id', 'm.author_account_id')
    .leftJoin('deliveries as d', 'd.message_id', 'm.id')
    .select([
      'm.id',
      'm.conversation_id',
      'm.seq',
      'm.kind',
      'm.body',
      'm.author_account_id',
      'a.display_name as author_name',
      'm.event',
      'm.client_message_id',
      'm.created_at',
      'd.status as delivery_status',
      'd.last_error as delivery_error',
      'd.updated_at as delivery_updated_at',
    ])
    .where('m.library_id', '=', libraryId)
    .where('m.conversation_id', '=', conversationId);
}

export function findMessage(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  id: string,
): Promise<MessageRowWithAuthor | undefined> {
  return messagesWithAuthor(db, libraryId, conversationId).where('m.id', '=', id).executeTakeFirst();
}

export function findByClientId(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  clientMessageId: string,
  /** Only in a conversation of this customer (when the customer sent it). */
  customerId: string | null = null,
): Promise<MessageRowWithAuthor | undefined> {
  return messagesWithAuthor(db, libraryId, conversationId)
    .where('m.client_message_id', '=', clientMessageId)
    .$if(customerId !== null, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('conversations as c')
            .select('c.id')
            .whereRef('c.id', '=', 'm.conversation_id')
            .where('c.customer_id', '=', customerId!),
        ),
      ),
    )
    .executeTakeFirst();
}

/**
 * Up to `limit` messages in ascending seq: the first ones after `after` (default 0), or,
 * with `before`, the last ones below it (a page back from what a reader already has).
 */
export async function listMessages(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  options: { after?: number; before?: number; limit: number; includeNotes: boolean },
): Promise<MessageRowWithAuthor[]> {
  let query = messagesWithAuthor(db, libraryId, conversationId).limit(options.limit);
  if (!options.includeNotes) query = query.where('m.kind', '<>', 'note');
  if (options.before === undefined)
    return query
      .where('m.seq', '>', options.after ?? 0)
      .orderBy('m.seq')
      .execute();
  // The page nearest to `before` is the newest below it: read downwards, hand back ascending.
  const rows = await query.where('m.seq', '<', options.before).orderBy('m.seq', 'desc').execute();
  return rows.reverse();
}

export async function setConversationFields(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
  fields: { status?: ConversationStatus; assigneeId?: string | null; mergedIntoId?: string; queue?: QueueAssignment },
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({
      ...(fields.queue
        ? {
            queue_id: fields.queue.queueId,
            first_response_due_at: fields.queue.firstResponseDueAt,
            resolution_due_at: fields.queue.resolutionDueAt,
          }
        : {}),
      ...(fields.status !== undefined ? { status: fields.status, resolved_at: fields.status === 'resolved' ? new Date() : null } : {}),
      ...(fields.assigneeId !== undefined ? { assignee_id: fields.assigneeId } : {}),
      ...(fields.mergedIntoId !== undefined ? { merged_into_id: fields.mergedIntoId } : {}),
      updated_at: new Date(),
    })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .execute();
}

/** Locks the conversation row for a read-modify-write; undefined if not in this library. */
export function lockConversation(db: Kysely<DB>, libraryId: string, id: string) {
  return db
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_id', 'merged_into_id', 'queue_id', 'channel', 'created_at'])
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Marks the customer's conversation as left (once); false when it is not theirs in this library. */
export async function markCustomerLeft(
  db: Kysely<DB>,
  libraryId: string,
  customerId: string,
  id: string,
): Promise<{ found: boolean; alreadyLeft: boolean }> {
  const row = await db
    .selectFrom('conversations')
    .select(['id', 'customer_left_at'])
    .where('library_id', '=', libraryId)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { found: false, alreadyLeft: false };
  if (row.customer_left_at) return { found: true, alreadyLeft: true };
  await db
    .updateTable('conversations')
    .set({ customer_left_at: new Date(), updated_at: new Date() })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .execute();
  return { found: true, alreadyLeft: false };
}

/** The customer's web chat conversation: the one named, else their latest. */
export function findCustomerChat(db: Kysely<DB>, libraryId: string, customerId: string, conversationId?: string) {
  return db
    .selectFrom('conversations')
    .select(['id', 'status', 'last_seq'])
    .where('library_id', '=', libraryId)
    .where('customer_id', '=', customerId)
    .where('channel', '=', 'chat')
    .$if(conversationId !== undefined, (q) => q.where('id', '=', conversationId!))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Deletes the customer's conversations (messages and deliveries cascade); returns how many. */
export async function deleteCustomerConversations(db: Kysely<DB>, libraryId: string, customerId: string): Promise<number> {
  const deleted = await db
    .deleteFrom('conversations')
    .where('library_id', '=', libraryId)
    .where('customer_id', '=', customerId)
    .returning('id')
    .execute();
  return deleted.length;
}

/** Locks the two conversations of a merge, in id order (two merges the other way round cannot deadlock). */
export function lockForMerge(db: Kysely<DB>, libraryId: string, ids: [string, string]) {
  return db
    .selectFrom('conversations')
    .select(['id', 'customer_id', 'merged_into_id', 'last_seq'])
    .where('library_id', '=', libraryId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The kinds a merge copies: what was said. The source's own events stay in its timeline. */
const MERGED_KINDS = ['customer', 'staff', 'note'] as const;

/** How many messages a merge of the conversation would copy. */
export async function countMergedMessages(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .where('kind', 'in', MERGED_KINDS)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Copies the source's messages (in seq order, with their authors and times) to the end of
 * the target's timeline as seqs after `afterSeq`, and moves the target's last seq past them.
 * Copies are never delivered again: no delivery rows, no client ids. The caller holds both locks.
 */
export async function copyMessages(
  db: Kysely<DB>,
  libraryId: string,
  sourceId: string,
  targetId: string,
  afterSeq: number,
): Promise<number> {
  const copied = await sql<{ seq: number }>`
    INSERT INTO messages (library_id, conversation_id, seq, kind, author_account_id, body, event, created_at)
    SELECT library_id, ${targetId}::uuid, ${afterSeq}::integer + (row_number() OVER (ORDER BY seq))::integer,
      kind, author_account_id, body, event, created_at
    FROM messages
    WHERE library_id = ${libraryId} AND conversation_id = ${sourceId} AND kind IN ('customer', 'staff', 'note')
    RETURNING seq`.execute(db);
  const count = copied.rows.length;
  if (count > 0) {
    await db
      .updateTable('conversations')
      .set({ last_seq: afterSeq + count, updated_at: new Date() })
      .where('library_id', '=', libraryId)
      .where('id', '=', targetId)
      .execute();
  }
  return count;
}

export interface AttachmentRow {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  inline: boolean;
}

/** The files of these messages (one query for a page), oldest first. */
export function listAttachments(db: Kysely<DB>, libraryId: string, messageIds: string[]): Promise<AttachmentRow[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('message_attachments')
    .select(['id', 'message_id', 'filename', 'content_type', 'size', 'inline'])
    .where('library_id', '=', libraryId)
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One file with its content, if it is in this conversation of this library. */
export function findAttachment(db: Kysely<DB>, libraryId: string, conversationId: string, id: string) {
  return db
    .selectFrom('message_attachments')
    .select(['id', 'filename', 'content_type', 'size', 'content'])
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .where('id', '=', id)
    .executeTakeFirst();
}
