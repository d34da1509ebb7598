// SQL for delivery records (one per staff reply; inserted with the reply by the message
// append in conversations/store.ts). Every query is scoped by library.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { ChannelKind, DeliveryStatus, MessageKind } from '../../../contract/kinds.js';

export interface DeliveryRow {
  message_id: string;
  conversation_id: string;
  status: DeliveryStatus;
  last_error: string | null;
  updated_at: Date;
  /** Queued after a failed attempt: when it is tried again. */
  next_attempt_at?: Date | null;
}

export interface ChangedDelivery extends DeliveryRow {
  /** False when the status stayed as it was (e.g. already delivered by another path). */
  changed: boolean;
}

/**
 * The statuses a delivery may move to `status` from. Delivered is final: a late "queued"
 * from one path never undoes a "delivered" from another (the chat adapter and the socket
 * that wrote the reply may both report it). Failed can still turn delivered (a chat reply
 * whose live attempt failed is replayed when the widget reconnects) or be queued again.
 */
const MOVES_FROM: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  queued: ['failed'],
  sent: ['queued', 'failed'],
  delivered: ['queued', 'sent', 'failed'],
  failed: ['queued', 'sent'],
};

/**
 * Moves a reply's delivery to `status` when that move is allowed, otherwise leaves it, and
 * counts a failed hand-over when `attempt` is set. A report that changes nothing and counts
 * nothing (the second of two reporters of one chat delivery) writes nothing. Undefined when
 * the message has no delivery in this library. The row lock orders concurrent reports on
 * the same reply.
 */
export async function moveDelivery(
  db: Kysely<DB>,
  libraryId: string,
  messageId: string,
  to: { status: DeliveryStatus; error: string | null; attempt: boolean },
): Promise<ChangedDelivery | undefined> {
  const allowed = sql`old.status IN (${sql.join(MOVES_FROM[to.status])})`;
  const attempt = to.attempt ? sql`true` : sql`false`;
  const result = await sql<DeliveryRow & { previous_status: DeliveryStatus }>`
    WITH old AS (
      SELECT id, message_id, conversation_id, status, last_error, updated_at
      FROM deliveries WHERE library_id = ${libraryId} AND message_id = ${messageId} FOR UPDATE
    ), moved AS (
      UPDATE deliveries d SET
        status = CASE WHEN ${allowed} THEN ${to.status} ELSE d.status END,
        last_error = CASE WHEN ${allowed} THEN ${to.error}::text ELSE d.last_error END,
        updated_at = CASE WHEN ${allowed} THEN now() ELSE d.updated_at END,
        attempts = d.attempts + CASE WHEN ${attempt} THEN 1 ELSE 0 END
      FROM old
      WHERE d.id = old.id AND (${allowed} OR ${attempt})
      RETURNING d.message_id, d.conversation_id, d.status, d.last_error, d.updated_at
    )
    SELECT moved.*, old.status AS previous_status FROM moved, old
    UNION ALL
    SELECT old.message_id, old.conversation_id, old.status, old.last_error, old.updated_at, old.status
    FROM old WHERE NOT EXISTS (SELECT 1 FROM moved)`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { previous_status, ...delivery } = row;
  return { ...delivery, changed: previous_status !== delivery.status };
}

/**
 * Marks delivered every waiting reply of a conversation up to `seq`: the customer's client
 * has shown it holds them (chat: replayed on reconnect, or already seen before it).
 */
export async function markDeliveredUpTo(db: Kysely<DB>, libraryId: string, conversationId: string, seq: number): Promise<DeliveryRow[]> {
  const result = await sql<DeliveryRow>`
    UPDATE deliveries d SET status = 'delivered', last_error = NULL, updated_at = now()
    FROM messages m
    WHERE d.library_id = ${libraryId} AND d.conversation_id = ${conversationId}
      AND d.status IN ('queued', 'failed')
      AND m.id = d.message_id AND m.library_id = ${libraryId} AND m.seq <= ${seq}
    RETURNING d.message_id, d.conversation_id, d.status, d.last_error, d.updated_at`.execute(db);
  return result.rows;
}

export function findDelivery(db: Kysely<DB>, libraryId: string, messageId: string): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('deliveries')
    .select(['message_id', 'conversation_id', 'status', 'last_error', 'updated_at', 'next_attempt_at'])
    .where('library_id', '=', libraryId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

/** A delivery the job took to hand to its queued channel's adapter. */
export interface ClaimedDelivery {
  id: string;
  library_id: string;
  conversation_id: string;
  message_id: string;
  channel: ChannelKind;
  /** Failed hand-overs so far (this claim not counted). */
  attempts: number;
  message_seq: number;
  message_kind: MessageKind;
  message_body: string;
  author_account_id: string | null;
  author_name: string | null;
  message_created_at: Date;
  status: DeliveryStatus;
  last_error: string | null;
  updated_at: Date;
}

/**
 * Takes up to `limit` due queued deliveries of the given channels and pushes their due time
 * `leaseMs` ahead in the same statement: another instance's claim skips the locked rows now
 * and finds them not due afterwards, and if this instance dies before recording an outcome
 * the lease runs out and someone else takes the row again.
 */
export async function claimDueDeliveries(
  db: Kysely<DB>,
  channels: readonly ChannelKind[],
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  if (channels.length === 0) return [];
  const result = await sql<ClaimedDelivery>`
    WITH due AS (
      SELECT id FROM deliveries
      WHERE status = 'queued' AND channel IN (${sql.join(channels)})
        AND (next_attempt_at IS NULL OR next_attempt_at <= now())
      ORDER BY next_attempt_at NULLS FIRST, created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE deliveries d SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000})
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.library_id, d.conversation_id, d.message_id, d.channel, d.attempts,
        d.status, d.last_error, d.updated_at
    )
    SELECT claimed.*, m.seq AS message_seq, m.kind AS message_kind, m.body AS message_body,
      m.author_account_id, a.display_name AS author_name, m.created_at AS message_created_at
    FROM claimed
    JOIN messages m ON m.id = claimed.message_id
    LEFT JOIN accounts a ON a.id = m.author_account_id
    ORDER BY m.created_at`.execute(db);
  return result.rows;
}

/**
 * A failed hand-over that will be tried again: counts the attempt, keeps the row queued with
 * the code of what went wrong, due again at `nextAttemptAt`. Undefined when the row is no
 * longer queued (staff or a bounce moved it meanwhile).
 */
export async function scheduleRetry(
  db: Kysely<DB>,
  libraryId: string,
  messageId: string,
  retry: { error: string; nextAttemptAt: Date },
): Promise<DeliveryRow | undefined> {
  return db
    .updateTable('deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: retry.error,
      next_attempt_at: retry.nextAttemptAt,
      updated_at: sql<Date>`now()`,
    }))
    .where('library_id', '=', libraryId)
    .where('message_id', '=', messageId)
    .where('status', '=', 'queued')
    .returning(['message_id', 'conversation_id', 'status', 'last_error', 'updated_at', 'next_attempt_at'])
    .executeTakeFirst();
}

/**
 * Staff ask for a failed delivery to be tried again: failed → queued, due now, with a fresh
 * count of attempts. Undefined when the message has no delivery in this library; the row
 * as it is (not moved) when it was not failed.
 */
export async function requeueFailed(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  messageId: string,
): Promise<ChangedDelivery | undefined> {
  const moved = await db
    .updateTable('deliveries')
    .set({ status: 'queued', last_error: null, attempts: 0, next_attempt_at: null, updated_at: sql<Date>`now()` })
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .where('message_id', '=', messageId)
    .where('status', '=', 'failed')
    .returning(['message_id', 'conversation_id', 'status', 'last_error', 'updated_at'])
    .executeTakeFirst();
  if (moved) return { ...moved, changed: true };
  const current = await findDelivery(db, libraryId, messageId);
  return current?.conversation_id === conversationId ? { ...current, changed: false } : undefined;
}
