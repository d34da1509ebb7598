// SQL for delivery records (one per staff reply; inserted with the reply by the message
// append in conversations/store.ts). Every query is scoped by library.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/types.js';
import type { DeliveryStatus } from '../../../contract/kinds.js';

export interface DeliveryRow {
  message_id: string;
  conversation_id: string;
  status: DeliveryStatus;
  last_error: string | null;
  updated_at: Date;
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
    .select(['message_id', 'conversation_id', 'status', 'last_error', 'updated_at'])
    .where('library_id', '=', libraryId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}
