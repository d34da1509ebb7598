// Transferring a conversation to a colleague or to a queue, with a note: one transaction that
// changes the assignee (and the queue with its due times), records the transfer as an event
// in the timeline and the note as an internal note. Refused as a whole (409, nothing stored)
// when the colleague is not an active one of this library or the queue is gone.
import type { StaffContext } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import type { ConversationView, MessageView } from '../../contract/conversations.js';
import { findStaffMember } from '../accounts/service.js';
import { queueForTransfer } from '../queues/service.js';
import { getConversation, type ConversationDeps } from './service.js';
import * as store from './store.js';

export interface Transfer {
  /** To this colleague (the queue stays), or … */
  accountId?: string | undefined;
  /** … to this queue, unassigned. */
  queueId?: string | undefined;
  note?: string | undefined;
}

/** Who may move a colleague's conversation on: supervisors and admins (as for assigning). */
const mayReassign = (staff: StaffContext): boolean => staff.role === 'supervisor' || staff.role === 'admin';

export async function transferConversation(
  deps: ConversationDeps,
  staff: StaffContext,
  id: string,
  to: Transfer,
): Promise<ConversationView> {
  const { libraryId } = staff;
  const messages = await deps.db.transaction().execute(async (trx) => {
    const current = await store.lockConversation(trx, libraryId, id);
    if (!current) throw new AppError('not_found', { what: 'conversation' });
    if (current.assignee_id !== null && current.assignee_id !== staff.accountId && !mayReassign(staff)) {
      throw new AppError('forbidden', { reason: 'reassign' });
    }
    let event: Record<string, unknown>;
    if (to.accountId !== undefined) {
      const colleague = await findStaffMember(trx, libraryId, to.accountId);
      if (!colleague) throw new AppError('conflict', { reason: 'transfer_unknown_account' });
      if (!colleague.active) throw new AppError('conflict', { reason: 'transfer_inactive_account', name: colleague.displayName });
      await store.setConversationFields(trx, libraryId, id, { assigneeId: colleague.id });
      event = { type: 'transferred', fromAssigneeId: current.assignee_id, assigneeId: colleague.id, assigneeName: colleague.displayName };
    } else if (to.queueId !== undefined) {
      const queue = await queueForTransfer(trx, libraryId, to.queueId, { channel: current.channel, createdAt: current.created_at });
      await store.setConversationFields(trx, libraryId, id, {
        assigneeId: null,
        queue: { queueId: queue.queueId, firstResponseDueAt: queue.firstResponseDueAt, resolutionDueAt: queue.resolutionDueAt },
      });
      event = {
        type: 'transferred',
        fromAssigneeId: current.assignee_id,
        fromQueueId: current.queue_id,
        queueId: queue.queueId,
        queueName: queue.name,
      };
    } else {
      throw new AppError('validation_failed', { issues: [] });
    }
    const stored: MessageView[] = [];
    const entries: { kind: 'event' | 'note'; body: string; event: Record<string, unknown> | null }[] = [
      { kind: 'event', body: '', event },
      ...(to.note ? [{ kind: 'note' as const, body: to.note, event: null }] : []),
    ];
    for (const entry of entries) {
      const appended = await store.appendMessage(trx, {
        libraryId,
        conversationId: id,
        kind: entry.kind,
        body: entry.body,
        authorId: staff.accountId,
        event: entry.event,
        clientMessageId: null,
      });
      if (!appended) throw new AppError('not_found', { what: 'conversation' });
      stored.push({
        id: appended.id,
        conversationId: id,
        seq: appended.seq,
        kind: entry.kind,
        body: entry.body,
        author: { id: staff.accountId, displayName: staff.displayName },
        event: entry.event,
        clientId: null,
        createdAt: appended.createdAt.toISOString(),
        delivery: null,
        attachments: [],
      });
    }
    return stored;
  });
  // After commit: the timeline, then the conversation (the new assignee's or queue's inbox).
  for (const message of messages) deps.bus.publish({ type: 'message.created', libraryId, conversationId: id, message });
  const conversation = await getConversation(deps.db, libraryId, id);
  deps.bus.publish({ type: 'conversation.changed', libraryId, conversationId: id, conversation });
  return conversation;
}
