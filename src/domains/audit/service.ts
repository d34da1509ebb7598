// The audit log: who did what to which record, per library. Written inside the same
// transaction as the change it records, so an audited change cannot land unrecorded.
import type { Kysely } from 'kysely';
import type { AuditAction, AuditEntryView } from '../../contract/audit.js';
import { keysetPage } from '../../platform/pagination.js';
import type { DB } from '../../platform/db/types.js';
import { listAuditEntries } from './store.js';

export interface AuditEntry {
  libraryId: string;
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

export async function writeAudit(db: Kysely<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      library_id: entry.libraryId,
      actor_account_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** A page of the library's log, newest first; `nextCursor` continues it. */
export async function readAuditLog(
  db: Kysely<DB>,
  libraryId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  const rows = await listAuditEntries(db, libraryId, { cursor: page.cursor, limit: page.limit + 1 });
  const shown = keysetPage(rows, page.limit, (r) => r.created_at);
  return {
    items: shown.rows.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.actor_account_id ? { id: r.actor_account_id, displayName: r.display_name ?? '' } : null,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: shown.nextCursor,
  };
}
