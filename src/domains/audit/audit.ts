// The audit log: who did what to which record, per library. Written inside the same
// transaction as the change it records, so an audited change cannot land unrecorded.
import type { Kysely } from 'kysely';
import type { AuditAction } from '../../contract/audit.js';
import type { DB } from '../../platform/db/types.js';

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
