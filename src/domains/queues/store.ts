// SQL for queues, their members and the routing rules. Every query is scoped by library.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import type { ChannelKind } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import type { QueueName } from '../../contract/queues.js';

export interface QueueRow {
  id: string;
  library_id: string;
  name: QueueName;
  is_default: boolean;
  targets: Record<string, unknown>;
  created_at: Date;
  deleted_at: Date | null;
  members: { id: string; displayName: string; active: boolean }[] | null;
}

function queuesWithMembers(db: Kysely<DB>, libraryId: string) {
  return db
    .selectFrom('queues as q')
    .select([
      'q.id',
      'q.library_id',
      'q.name',
      'q.is_default',
      'q.targets',
      'q.created_at',
      'q.deleted_at',
      (eb) =>
        eb
          .selectFrom('queue_members as m')
          .innerJoin('accounts as a', 'a.id', 'm.account_id')
          .select(
            sql<{ id: string; displayName: string; active: boolean }[]>`json_agg(json_build_object(
              'id', a.id, 'displayName', a.display_name, 'active', a.active) ORDER BY a.display_name, a.id)`.as('members'),
          )
          .whereRef('m.queue_id', '=', 'q.id')
          .as('members'),
    ])
    .where('q.library_id', '=', libraryId);
}

/** Active queues (the default first, then by age), then deleted ones. */
export function listQueues(db: Kysely<DB>, libraryId: string): Promise<QueueRow[]> {
  return queuesWithMembers(db, libraryId)
    .orderBy(sql`q.deleted_at IS NOT NULL`)
    .orderBy('q.is_default', 'desc')
    .orderBy('q.created_at')
    .orderBy('q.id')
    .execute();
}

export function findQueue(db: Kysely<DB>, libraryId: string, id: string): Promise<QueueRow | undefined> {
  return queuesWithMembers(db, libraryId).where('q.id', '=', id).executeTakeFirst();
}

/** Locks a queue row for a read-modify-write (or for a transfer to it); undefined if not in this library. */
export function lockQueue(db: Kysely<DB>, libraryId: string, id: string) {
  return db
    .selectFrom('queues')
    .select(['id', 'name', 'is_default', 'targets', 'deleted_at'])
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export function findDefaultQueue(db: Kysely<DB>, libraryId: string) {
  return db
    .selectFrom('queues')
    .select(['id', 'targets'])
    .where('library_id', '=', libraryId)
    .where('is_default', '=', true)
    .executeTakeFirst();
}

/** Adds the library's default queue unless it has one (two callers at once: one wins). */
export async function insertDefaultQueueIfMissing(db: Kysely<DB>, libraryId: string, name: QueueName): Promise<void> {
  await sql`INSERT INTO queues (library_id, name, is_default) VALUES (${libraryId}, ${JSON.stringify(name)}::jsonb, true)
    ON CONFLICT (library_id) WHERE is_default DO NOTHING`.execute(db);
}

export async function insertQueue(
  db: Kysely<DB>,
  input: { libraryId: string; name: QueueName; targets: Record<string, unknown> },
): Promise<string> {
  const row = await db
    .insertInto('queues')
    .values({ library_id: input.libraryId, name: JSON.stringify(input.name), targets: JSON.stringify(input.targets) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateQueue(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
  fields: { name?: QueueName; targets?: Record<string, unknown>; deleted?: true },
): Promise<void> {
  await db
    .updateTable('queues')
    .set({
      ...(fields.name ? { name: JSON.stringify(fields.name) } : {}),
      ...(fields.targets ? { targets: JSON.stringify(fields.targets) } : {}),
      ...(fields.deleted ? { deleted_at: new Date() } : {}),
      updated_at: new Date(),
    })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .execute();
}

/** Makes the queue the library's default, and the previous default an ordinary queue. */
export async function makeDefault(db: Kysely<DB>, libraryId: string, id: string): Promise<void> {
  await db.updateTable('queues').set({ is_default: false }).where('library_id', '=', libraryId).where('is_default', '=', true).execute();
  await db
    .updateTable('queues')
    .set({ is_default: true, updated_at: new Date() })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .execute();
}

export async function replaceMembers(db: Kysely<DB>, libraryId: string, queueId: string, accountIds: string[]): Promise<void> {
  await db.deleteFrom('queue_members').where('library_id', '=', libraryId).where('queue_id', '=', queueId).execute();
  if (accountIds.length === 0) return;
  await db
    .insertInto('queue_members')
    .values(accountIds.map((accountId) => ({ library_id: libraryId, queue_id: queueId, account_id: accountId })))
    .execute();
}

/** The active queues the account belongs to. */
export async function queueIdsOfMember(db: Kysely<DB>, libraryId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('queue_members as m')
    .innerJoin('queues as q', 'q.id', 'm.queue_id')
    .select('m.queue_id')
    .where('m.library_id', '=', libraryId)
    .where('m.account_id', '=', accountId)
    .where('q.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.queue_id);
}

export interface RuleRow {
  id: string;
  position: number;
  channel: ChannelKind | null;
  language: Language | null;
  entry_point: string | null;
  queue_id: string;
}

export function listRules(db: Kysely<DB>, libraryId: string): Promise<RuleRow[]> {
  return db
    .selectFrom('routing_rules')
    .select(['id', 'position', 'channel', 'language', 'entry_point', 'queue_id'])
    .where('library_id', '=', libraryId)
    .orderBy('position')
    .execute();
}

export async function replaceRules(
  db: Kysely<DB>,
  libraryId: string,
  rules: { channel: ChannelKind | null; language: Language | null; entryPoint: string | null; queueId: string }[],
): Promise<void> {
  await db.deleteFrom('routing_rules').where('library_id', '=', libraryId).execute();
  if (rules.length === 0) return;
  await db
    .insertInto('routing_rules')
    .values(
      rules.map((rule, index) => ({
        library_id: libraryId,
        position: index + 1,
        channel: rule.channel,
        language: rule.language,
        entry_point: rule.entryPoint,
        queue_id: rule.queueId,
      })),
    )
    .execute();
}

/** Removes the rules that route to a queue (it is being deleted) and closes the gaps in their order. */
export async function deleteRulesOfQueue(db: Kysely<DB>, libraryId: string, queueId: string): Promise<void> {
  const remaining = (await listRules(db, libraryId)).filter((rule) => rule.queue_id !== queueId);
  await replaceRules(
    db,
    libraryId,
    remaining.map((r) => ({ channel: r.channel, language: r.language, entryPoint: r.entry_point, queueId: r.queue_id })),
  );
}

/**
 * The queue of the first rule matching the conversation, in order, else the library's default
 * queue; undefined only when the library has no default queue yet. One statement: it runs for
 * every new conversation, inside the transaction that opens it.
 */
export async function routedQueue(
  db: Kysely<DB>,
  libraryId: string,
  conversation: { channel: ChannelKind; language: Language; entryPoint: string | null },
): Promise<{ id: string; targets: Record<string, unknown> } | undefined> {
  // A rule with an entry point never matches a conversation without one (= NULL is not true).
  const { rows } = await sql<{ id: string; targets: Record<string, unknown> }>`
    SELECT id, targets FROM (
      SELECT q.id, q.targets, r.position AS rank
      FROM routing_rules r JOIN queues q ON q.id = r.queue_id
      WHERE r.library_id = ${libraryId} AND q.deleted_at IS NULL
        AND (r.channel IS NULL OR r.channel = ${conversation.channel})
        AND (r.language IS NULL OR r.language = ${conversation.language})
        AND (r.entry_point IS NULL OR r.entry_point = ${conversation.entryPoint})
      UNION ALL
      SELECT id, targets, 2147483647 FROM queues WHERE library_id = ${libraryId} AND is_default
    ) candidates
    ORDER BY rank
    LIMIT 1`.execute(db);
  return rows[0];
}
