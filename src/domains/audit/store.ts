// SQL for the audit log: entries are written by audit/service.ts inside the transaction of
// the change they record, and read newest first.
import type { Kysely } from 'kysely';
import { decodeCursor } from '../../platform/pagination.js';
import type { DB } from '../../platform/db/types.js';

/** Up to `limit` entries of the library after the cursor, newest first, with the actor's name. */
export function listAuditEntries(db: Kysely<DB>, libraryId: string, page: { cursor?: string | undefined; limit: number }) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('accounts', 'accounts.id', 'audit_log.actor_account_id')
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.actor_account_id',
      'accounts.display_name',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.details',
      'audit_log.created_at',
    ])
    .where('audit_log.library_id', '=', libraryId)
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(page.limit);
  if (page.cursor) {
    const { time, id } = decodeCursor(page.cursor);
    query = query.where((eb) =>
      eb.or([eb('audit_log.created_at', '<', time), eb.and([eb('audit_log.created_at', '=', time), eb('audit_log.id', '<', id)])]),
    );
  }
  return query.execute();
}
