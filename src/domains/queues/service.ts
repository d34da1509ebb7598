// Queues (teams) of a library: keeping them, their members and the routing rules; routing a
// new conversation to one; and the due times of a queue's targets, counted over the library's
// opening hours. Other domains use routeConversation, queueForTransfer, dueTimes and
// queueIdsOf; the conversation rows themselves belong to the conversations domain.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import type { StaffContext } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import type { ChannelKind } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import { type QueueName, type QueueTarget, type QueueView, type RoutingRuleView } from '../../contract/queues.js';
import { findStaffMember } from '../accounts/service.js';
import { writeAudit } from '../audit/service.js';
import type { AuditAction } from '../../contract/audit.js';
import { openHoursClock } from '../libraries/service.js';
import * as store from './store.js';

/** The name a library's first queue gets. */
export const DEFAULT_QUEUE_NAME: QueueName = { fi: 'Yleinen', sv: 'Allmän', en: 'General' };

type Targets = Partial<Record<ChannelKind, QueueTarget>>;

function presentQueue(row: store.QueueRow): QueueView {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.is_default,
    deletedAt: row.deleted_at?.toISOString() ?? null,
    targets: row.targets as Targets,
    memberIds: (row.members ?? []).map((m) => m.id),
    members: row.members ?? [],
    createdAt: row.created_at.toISOString(),
  };
}

function presentRule(row: store.RuleRow): RoutingRuleView {
  return {
    id: row.id,
    position: row.position,
    channel: row.channel,
    language: row.language,
    entryPoint: row.entry_point,
    queueId: row.queue_id,
  };
}

/** Every library has a default queue; one made before queues existed gets it on first use. */
async function ensureDefaultQueue(db: Kysely<DB>, libraryId: string): Promise<{ id: string; targets: Record<string, unknown> }> {
  const existing = await store.findDefaultQueue(db, libraryId);
  if (existing) return existing;
  await store.insertDefaultQueueIfMissing(db, libraryId, DEFAULT_QUEUE_NAME);
  const created = await store.findDefaultQueue(db, libraryId);
  if (!created) throw new AppError('not_found', { what: 'library' });
  return created;
}

export async function listQueues(db: Kysely<DB>, libraryId: string): Promise<QueueView[]> {
  await ensureDefaultQueue(db, libraryId);
  return (await store.listQueues(db, libraryId)).map(presentQueue);
}

async function getQueue(db: Kysely<DB>, libraryId: string, id: string): Promise<QueueView> {
  const row = await store.findQueue(db, libraryId, id);
  if (!row) throw new AppError('not_found', { what: 'queue' });
  return presentQueue(row);
}

/** A queue of the library for a change: not_found when it is not there, conflict when it was deleted. */
async function lockLiveQueue(db: Kysely<DB>, libraryId: string, id: string) {
  const queue = await store.lockQueue(db, libraryId, id);
  if (!queue) throw new AppError('not_found', { what: 'queue' });
  if (queue.deleted_at) throw new AppError('conflict', { reason: 'queue_deleted' });
  return queue;
}

export async function createQueue(
  db: Kysely<DB>,
  staff: StaffContext,
  input: { name: QueueName; targets: Targets; isDefault: boolean },
): Promise<QueueView> {
  await ensureDefaultQueue(db, staff.libraryId);
  const id = await db.transaction().execute(async (trx) => {
    const id = await store.insertQueue(trx, { libraryId: staff.libraryId, name: input.name, targets: input.targets });
    if (input.isDefault) await store.makeDefault(trx, staff.libraryId, id);
    await audit(trx, staff, 'queue.created', id, { name: input.name });
    return id;
  });
  return getQueue(db, staff.libraryId, id);
}

export async function updateQueue(
  db: Kysely<DB>,
  staff: StaffContext,
  id: string,
  input: { name?: QueueName | undefined; targets?: Targets | undefined; isDefault?: true | undefined },
): Promise<QueueView> {
  await db.transaction().execute(async (trx) => {
    await lockLiveQueue(trx, staff.libraryId, id);
    await store.updateQueue(trx, staff.libraryId, id, {
      ...(input.name ? { name: input.name } : {}),
      ...(input.targets ? { targets: input.targets } : {}),
    });
    if (input.isDefault) await store.makeDefault(trx, staff.libraryId, id);
    await audit(trx, staff, 'queue.updated', id, { fields: Object.keys(input) });
  });
  return getQueue(db, staff.libraryId, id);
}

/**
 * Deletes a queue: it is kept (its conversations still show its name) but takes no new
 * conversations, transfers or members, and the rules routing to it go. The default queue
 * cannot be deleted: make another one the default first.
 */
export async function deleteQueue(db: Kysely<DB>, staff: StaffContext, id: string): Promise<QueueView> {
  await db.transaction().execute(async (trx) => {
    const queue = await lockLiveQueue(trx, staff.libraryId, id);
    if (queue.is_default) throw new AppError('conflict', { reason: 'queue_default' });
    await store.updateQueue(trx, staff.libraryId, id, { deleted: true });
    await store.deleteRulesOfQueue(trx, staff.libraryId, id);
    await audit(trx, staff, 'queue.deleted', id, {});
  });
  return getQueue(db, staff.libraryId, id);
}

/** Replaces the queue's members; each must be an active staff account of the library. */
export async function setMembers(db: Kysely<DB>, staff: StaffContext, id: string, accountIds: string[]): Promise<QueueView> {
  await db.transaction().execute(async (trx) => {
    await lockLiveQueue(trx, staff.libraryId, id);
    for (const accountId of accountIds) {
      const member = await findStaffMember(trx, staff.libraryId, accountId);
      if (!member) throw new AppError('not_found', { what: 'account' });
      if (!member.active) throw new AppError('conflict', { reason: 'member_inactive', name: member.displayName });
    }
    await store.replaceMembers(trx, staff.libraryId, id, accountIds);
    await audit(trx, staff, 'queue.members_changed', id, { count: accountIds.length });
  });
  return getQueue(db, staff.libraryId, id);
}

/** The active queues the account belongs to ("my queues"). */
export function queueIdsOf(db: Kysely<DB>, libraryId: string, accountId: string): Promise<string[]> {
  return store.queueIdsOfMember(db, libraryId, accountId);
}

export async function listRoutingRules(db: Kysely<DB>, libraryId: string): Promise<RoutingRuleView[]> {
  return (await store.listRules(db, libraryId)).map(presentRule);
}

/** Replaces the routing rules (in order); each must route to an active queue of the library. */
export async function setRoutingRules(
  db: Kysely<DB>,
  staff: StaffContext,
  rules: { channel: ChannelKind | null; language: Language | null; entryPoint: string | null; queueId: string }[],
): Promise<RoutingRuleView[]> {
  await db.transaction().execute(async (trx) => {
    for (const queueId of new Set(rules.map((r) => r.queueId))) await lockLiveQueue(trx, staff.libraryId, queueId);
    await store.replaceRules(trx, staff.libraryId, rules);
    await audit(trx, staff, 'routing.changed', null, { count: rules.length });
  });
  return listRoutingRules(db, staff.libraryId);
}

/** A queue and the due times of its targets for one conversation. */
export interface QueueAssignment {
  queueId: string;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/** The due times of a queue's targets for a conversation of the channel that started at `start`. */
async function dueTimesOf(
  db: Kysely<DB>,
  libraryId: string,
  targets: Record<string, unknown>,
  channel: ChannelKind,
  start: Date,
): Promise<Omit<QueueAssignment, 'queueId'>> {
  const target = (targets as Targets)[channel];
  if (!target || (target.firstResponseMinutes === null && target.resolutionMinutes === null)) {
    return { firstResponseDueAt: null, resolutionDueAt: null };
  }
  const after = await openHoursClock(db, libraryId, channel);
  return {
    firstResponseDueAt: target.firstResponseMinutes === null ? null : after(start, target.firstResponseMinutes),
    resolutionDueAt: target.resolutionMinutes === null ? null : after(start, target.resolutionMinutes),
  };
}

/**
 * Where a new conversation goes: the queue of the first routing rule that matches its
 * channel, language and entry point, else the library's default queue; with the due times
 * of that queue's targets from `start`.
 */
export async function routeConversation(
  db: Kysely<DB>,
  conversation: { libraryId: string; channel: ChannelKind; language: Language; entryPoint: string | null; start: Date },
): Promise<QueueAssignment> {
  const queue =
    (await store.routedQueue(db, conversation.libraryId, conversation)) ?? (await ensureDefaultQueue(db, conversation.libraryId));
  return {
    queueId: queue.id,
    ...(await dueTimesOf(db, conversation.libraryId, queue.targets, conversation.channel, conversation.start)),
  };
}

/**
 * A queue a conversation is being transferred to, locked until the transfer commits (so it
 * cannot be deleted halfway), with the due times of its targets for the conversation. A queue
 * of another library or a deleted one is refused (409) with its own message.
 */
export async function queueForTransfer(
  db: Kysely<DB>,
  libraryId: string,
  queueId: string,
  conversation: { channel: ChannelKind; createdAt: Date },
): Promise<QueueAssignment & { name: QueueName }> {
  const queue = await store.lockQueue(db, libraryId, queueId);
  if (!queue) throw new AppError('conflict', { reason: 'transfer_unknown_queue' });
  if (queue.deleted_at) throw new AppError('conflict', { reason: 'transfer_queue_deleted' });
  return {
    queueId: queue.id,
    name: queue.name,
    ...(await dueTimesOf(db, libraryId, queue.targets, conversation.channel, conversation.createdAt)),
  };
}

async function audit(db: Kysely<DB>, staff: StaffContext, action: AuditAction, targetId: string | null, details: Record<string, unknown>) {
  await writeAudit(db, {
    libraryId: staff.libraryId,
    actorId: staff.accountId,
    action,
    targetType: 'queue',
    ...(targetId ? { targetId } : {}),
    details,
  });
}
