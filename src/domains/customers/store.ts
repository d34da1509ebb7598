// SQL for customers. Every query is scoped by library, except the widget-token lookup,
// whose token is itself the proof of which library and customer it belongs to.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CustomersTable, DB } from '../../platform/db/types.js';
import type { Language } from '../../contract/languages.js';

export type CustomerRow = Selectable<CustomersTable>;

export function insertCustomer(
  db: Kysely<DB>,
  input: { libraryId: string; name: string | null; email: string | null; language: Language; widgetTokenHash: string | null },
): Promise<CustomerRow> {
  return db
    .insertInto('customers')
    .values({
      library_id: input.libraryId,
      name: input.name,
      email: input.email,
      preferred_language: input.language,
      widget_token_hash: input.widgetTokenHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findCustomer(db: Kysely<DB>, libraryId: string, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('library_id', '=', libraryId).where('id', '=', id).executeTakeFirst();
}

export function findCustomerByWidgetToken(db: Kysely<DB>, tokenHash: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('widget_token_hash', '=', tokenHash).executeTakeFirst();
}

export async function deleteCustomer(db: Kysely<DB>, libraryId: string, id: string): Promise<void> {
  await db.deleteFrom('customers').where('library_id', '=', libraryId).where('id', '=', id).execute();
}

export interface CustomerSearchRow extends CustomerRow {
  conversation_count: string | number;
  last_activity_at: Date | null;
}

/** `%`, `_` and the escape character itself taken literally in an ILIKE pattern. */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The library's customers whose name or email contains `query` (any case), newest first, with
 * how many conversations each has and their latest activity; `limit + 1` rows (keysetPage).
 * The sort key is cut to milliseconds, the precision a cursor carries.
 */
export function searchCustomers(
  db: Kysely<DB>,
  libraryId: string,
  options: { query: string; limit: number; after?: { time: Date; id: string } | undefined },
): Promise<CustomerSearchRow[]> {
  const created = sql<Date>`date_trunc('milliseconds', c.created_at)`;
  let query = db
    .selectFrom('customers as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .selectFrom('conversations as v')
        .whereRef('v.customer_id', '=', 'c.id')
        .where('v.library_id', '=', libraryId)
        .select((v) => v.fn.countAll<string>().as('n'))
        .as('conversation_count'),
      eb
        .selectFrom('conversations as v')
        .whereRef('v.customer_id', '=', 'c.id')
        .where('v.library_id', '=', libraryId)
        .select((v) => v.fn.max('v.last_message_at').as('t'))
        .as('last_activity_at'),
    ])
    .where('c.library_id', '=', libraryId)
    .orderBy(created, 'desc')
    .orderBy('c.id', 'desc')
    .limit(options.limit + 1);
  if (options.query) {
    const pattern = `%${likeLiteral(options.query)}%`;
    query = query.where((eb) => eb.or([sql<boolean>`c.name ILIKE ${pattern}`, sql<boolean>`c.email ILIKE ${pattern}`]));
  }
  const after = options.after;
  if (after) {
    query = query.where((eb) => eb.or([eb(created, '<', after.time), eb.and([eb(created, '=', after.time), eb('c.id', '<', after.id)])]));
  }
  return query.execute() as Promise<CustomerSearchRow[]>;
}

/**
 * The library's customer with this address (the oldest, any case), or a new one: one
 * statement. Callers serialise concurrent first contacts from one address (an advisory lock),
 * as two statements at once could each find none.
 */
export async function findOrInsertCustomerByEmail(
  db: Kysely<DB>,
  input: { libraryId: string; email: string; name: string | null; language: Language },
): Promise<{ id: string; preferred_language: Language; created: boolean }> {
  const { rows } = await sql<{ id: string; preferred_language: Language; created: boolean }>`
    WITH found AS (
      SELECT id, preferred_language FROM customers
      WHERE library_id = ${input.libraryId} AND lower(email) = lower(${input.email})
      ORDER BY created_at LIMIT 1
    ), inserted AS (
      INSERT INTO customers (library_id, name, email, preferred_language)
      SELECT ${input.libraryId}, ${input.name}, ${input.email}, ${input.language}
      WHERE NOT EXISTS (SELECT 1 FROM found)
      RETURNING id, preferred_language
    )
    SELECT id, preferred_language, false AS created FROM found
    UNION ALL
    SELECT id, preferred_language, true AS created FROM inserted`.execute(db);
  return rows[0]!;
}
