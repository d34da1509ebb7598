// Customers: who wrote to the library, found by id or by the chat widget's token, and erased
// on request with everything they wrote.
import type { Kysely } from 'kysely';
import type { CustomerView } from '../../contract/conversations.js';
import type { Language } from '../../contract/languages.js';
import type { StaffContext } from '../../platform/auth/sessions.js';
import type { DB } from '../../platform/db/types.js';
import { AppError } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { writeAudit } from '../audit/service.js';
import { deleteCustomerConversations, listConversationPage } from '../conversations/service.js';
import * as store from './store.js';
import type { CustomerSearchPage } from '../../contract/customers.js';
import { decodeCursor, keysetPage } from '../../platform/pagination.js';

export interface Customer {
  id: string;
  libraryId: string;
}

function brief(row: store.CustomerRow): Customer {
  return { id: row.id, libraryId: row.library_id };
}

export async function findCustomer(db: Kysely<DB>, libraryId: string, id: string): Promise<Customer | undefined> {
  const row = await store.findCustomer(db, libraryId, id);
  return row && brief(row);
}

/**
 * The customer who writes from this address (one per library and address, any case), made
 * when there is none; `language` is used for a new one. The caller holds a lock on the
 * address so that two first contacts at once make one customer.
 */
export async function customerForEmail(
  db: Kysely<DB>,
  input: { libraryId: string; email: string; name: string | null; language: Language },
): Promise<{ id: string; language: Language; created: boolean }> {
  const row = await store.findOrInsertCustomerByEmail(db, input);
  return { id: row.id, language: row.preferred_language, created: row.created };
}

/** The customer holding the widget token (its hash); the token itself says which library. */
export async function customerByWidgetToken(db: Kysely<DB>, tokenHash: string): Promise<Customer | undefined> {
  const row = await store.findCustomerByWidgetToken(db, tokenHash);
  return row && brief(row);
}

export async function createCustomer(
  db: Kysely<DB>,
  input: { libraryId: string; name: string | null; email: string | null; language: Language; widgetTokenHash: string | null },
): Promise<Customer> {
  return brief(await store.insertCustomer(db, input));
}

/** The customer and the first page of their conversations in every channel, latest activity first. */
export async function customerWithConversations(db: Kysely<DB>, libraryId: string, id: string, limit: number): Promise<CustomerView> {
  const customer = await store.findCustomer(db, libraryId, id);
  if (!customer) throw new AppError('not_found', { what: 'customer' });
  // The same query, order and cursor as the inbox list, so its nextCursor continues there.
  const page = await listConversationPage(db, libraryId, { customerId: customer.id, limit });
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    preferredLanguage: customer.preferred_language,
    createdAt: customer.created_at.toISOString(),
    conversations: page.items,
    nextCursor: page.nextCursor,
  };
}

/**
 * Erases the customer and all their conversations and messages (right to erasure), in one
 * transaction with its audit entry, which names the record but keeps none of its personal data.
 * Once committed, the customer's open chat sockets are closed, on every instance.
 */
export async function eraseCustomer(db: Kysely<DB>, staff: StaffContext, id: string, bus: EventBus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const customer = await store.findCustomer(trx, staff.libraryId, id);
    if (!customer) throw new AppError('not_found', { what: 'customer' });
    const conversations = await deleteCustomerConversations(trx, staff.libraryId, customer.id);
    await store.deleteCustomer(trx, staff.libraryId, customer.id);
    await writeAudit(trx, {
      libraryId: staff.libraryId,
      actorId: staff.accountId,
      action: 'customer.deleted',
      targetType: 'customer',
      targetId: customer.id,
      details: { conversations },
    });
  });
  bus.publish({ type: 'customer.erased', libraryId: staff.libraryId, customerId: id });
}

/** The library's customers whose name or email contains `query` (any case; empty: all), newest first. */
export async function searchCustomers(
  db: Kysely<DB>,
  libraryId: string,
  options: { query: string; limit: number; cursor?: string | undefined },
): Promise<CustomerSearchPage> {
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const rows = await store.searchCustomers(db, libraryId, { query: options.query, limit: options.limit, after });
  // The cursor carries the sort key as the query compares it: cut to milliseconds (a Date is).
  const page = keysetPage(rows, options.limit, (row) => row.created_at);
  return {
    items: page.rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      preferredLanguage: row.preferred_language,
      createdAt: row.created_at.toISOString(),
      conversationCount: Number(row.conversation_count),
      lastActivityAt: row.last_activity_at ? new Date(row.last_activity_at).toISOString() : null,
    })),
    nextCursor: page.nextCursor,
  };
}
