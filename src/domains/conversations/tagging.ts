// Topic tags on a conversation: the set is replaced under the conversation's row lock (the tags
// domain checks every tag), and the changed conversation is announced after commit. No event
// message goes into the timeline: a timeline event would reach the customer's widget, and the
// tags are internal.
import type { StaffContext } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import type { ConversationView } from '../../contract/conversations.js';
import { replaceConversationTags } from '../tags/service.js';
import { getConversation, type ConversationDeps } from './service.js';
import { lockConversation } from './store.js';

export async function setConversationTags(
  deps: ConversationDeps,
  staff: StaffContext,
  id: string,
  tagIds: string[],
): Promise<ConversationView> {
  const changed = await deps.db.transaction().execute(async (trx) => {
    if (!(await lockConversation(trx, staff.libraryId, id))) throw new AppError('not_found', { what: 'conversation' });
    const change = await replaceConversationTags(trx, staff.libraryId, id, tagIds);
    return change.added.length > 0 || change.removed.length > 0;
  });
  const conversation = await getConversation(deps.db, staff.libraryId, id);
  if (changed) deps.bus.publish({ type: 'conversation.changed', libraryId: staff.libraryId, conversationId: id, conversation });
  return conversation;
}
