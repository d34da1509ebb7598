// The single way a message from a customer enters Kanava, whatever the channel.
import { AppError } from '../../platform/errors.js';
import { openConversation, postMessage, type ConversationDeps } from '../conversations/service.js';
import { findCustomer, insertCustomer } from '../customers/store.js';
import type { InboundMessage, InboundResult } from './adapter.js';

export async function receiveInbound(deps: ConversationDeps, inbound: InboundMessage): Promise<InboundResult> {
  let customerId = inbound.customerId;
  if (customerId) {
    if (!(await findCustomer(deps.db, inbound.libraryId, customerId))) throw new AppError('not_found', { what: 'customer' });
  } else {
    const customer = inbound.customer ?? { name: null, email: null, language: inbound.language };
    customerId = (
      await insertCustomer(deps.db, {
        libraryId: inbound.libraryId,
        name: customer.name,
        email: customer.email,
        language: customer.language,
        widgetTokenHash: customer.widgetTokenHash ?? null,
      })
    ).id;
  }
  const conversationId =
    inbound.conversationId ??
    (await openConversation(deps, {
      libraryId: inbound.libraryId,
      customerId,
      channel: inbound.channel,
      language: inbound.language,
      subject: inbound.subject ?? null,
    }));
  if (inbound.body === null) return { customerId, conversationId, message: null, duplicate: false };
  const posted = await postMessage(deps, {
    libraryId: inbound.libraryId,
    conversationId,
    kind: 'customer',
    body: inbound.body,
    author: null,
    clientMessageId: inbound.externalId ?? null,
  });
  return { customerId, conversationId, message: posted.message, duplicate: posted.duplicate };
}
