// SQL for customers. Every query is scoped by library, except the widget-token lookup,
// whose token is itself the proof of which library and customer it belongs to.
import type { Kysely, Selectable } from 'kysely';
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
