// The single way a message from a customer enters Kanava, whatever the channel.
//
// A message on a known conversation is one statement (the append), so it needs no
// transaction and keeps the prepared fast path. Starting something new — customer,
// conversation and first message — is one transaction: a start that fails leaves nothing
// behind, and staff hear of it (events) only after it committed.
import type { Kysely } from 'kysely';
import { AppError } from '../../platform/errors.js';
import { EventBus, type DomainEvent } from '../../platform/events.js';
import type { DB } from '../../platform/db/types.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { latestConversationId, openConversation, postMessage, type ConversationDeps } from '../conversations/service.js';
import { createCustomer, customerByWidgetToken, findCustomer } from '../customers/service.js';
import type { InboundMessage, InboundResult } from './adapter.js';

export async function receiveInbound(deps: ConversationDeps, inbound: InboundMessage): Promise<InboundResult> {
  if (inbound.customerId && inbound.conversationId) {
    // The append checks that this customer owns the conversation, in the same statement.
    return post(deps, inbound, inbound.customerId, inbound.conversationId);
  }
  try {
    return await startAtomically(deps, inbound);
  } catch (error) {
    // Two starts with the same client-chosen token raced (a double submit, a retry while the
    // first request was still running): the loser's insert hit the unique token. Running it
    // again finds the winner's customer and conversation, and the message by its id.
    if (isUniqueViolation(error, 'customers_widget_token_hash_key')) return startAtomically(deps, inbound);
    throw error;
  }
}

async function startAtomically(deps: ConversationDeps, inbound: InboundMessage): Promise<InboundResult> {
  // Events raised inside the transaction wait here until it commits.
  const staged: DomainEvent[] = [];
  const stagingBus = new EventBus();
  stagingBus.subscribe((event) => staged.push(event));
  const result = await deps.db.transaction().execute(async (trx) => {
    // No prepared runner: it would run outside this transaction (on PGlite it would wait for it).
    const inTransaction: ConversationDeps = { db: trx, bus: stagingBus };
    const customer = await findOrCreateCustomer(trx, inbound);
    const conversationId =
      inbound.conversationId ??
      (customer.retriedStart ? await latestConversationId(trx, inbound.libraryId, customer.id, inbound.channel) : undefined) ??
      (await openConversation(inTransaction, {
        libraryId: inbound.libraryId,
        customerId: customer.id,
        channel: inbound.channel,
        language: inbound.language,
        subject: inbound.subject ?? null,
        page: inbound.page ?? null,
        entryPoint: inbound.entryPoint ?? null,
      }));
    return post(inTransaction, inbound, customer.id, conversationId);
  });
  for (const event of staged) deps.bus.publish(event);
  return result;
}

async function post(deps: ConversationDeps, inbound: InboundMessage, customerId: string, conversationId: string): Promise<InboundResult> {
  if (inbound.body === null) return { customerId, conversationId, message: null, duplicate: false };
  const posted = await postMessage(deps, {
    libraryId: inbound.libraryId,
    conversationId,
    kind: 'customer',
    body: inbound.body,
    author: null,
    clientMessageId: inbound.externalId ?? null,
    customerId,
  });
  return { customerId, conversationId, message: posted.message, duplicate: posted.duplicate };
}

/**
 * The customer the message names, the one holding the (client-chosen) widget token, or a
 * new one. `retriedStart` is set only when the token found the customer: the token is made
 * for one start, so finding it again means that start is being retried (a double submit, a
 * lost response) and continues its conversation. A customer named by id is someone the
 * channel already knows; without a conversation id their message starts a new conversation,
 * as InboundMessage promises (a new email must not land in a resolved conversation).
 */
async function findOrCreateCustomer(db: Kysely<DB>, inbound: InboundMessage): Promise<{ id: string; retriedStart: boolean }> {
  if (inbound.customerId) {
    if (!(await findCustomer(db, inbound.libraryId, inbound.customerId))) throw new AppError('not_found', { what: 'customer' });
    return { id: inbound.customerId, retriedStart: false };
  }
  const customer = inbound.customer ?? { name: null, email: null, language: inbound.language };
  if (customer.widgetTokenHash) {
    const holder = await customerByWidgetToken(db, customer.widgetTokenHash);
    // A token is only good in the library it was first used in.
    if (holder && holder.libraryId !== inbound.libraryId) throw new AppError('unauthenticated');
    if (holder) return { id: holder.id, retriedStart: true };
  }
  const row = await createCustomer(db, {
    libraryId: inbound.libraryId,
    name: customer.name,
    email: customer.email,
    language: customer.language,
    widgetTokenHash: customer.widgetTokenHash ?? null,
  });
  return { id: row.id, retriedStart: false };
}
