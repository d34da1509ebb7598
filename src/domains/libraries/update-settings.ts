// PATCH /library as one transaction: the stored name and settings are read with a row lock,
// merged with the patch and written back. Without the lock two admins patching different
// fields at once (PostgreSQL) would both merge into the same old row, and the later write
// would silently undo the earlier one.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { StaffContext } from '../../platform/auth/sessions.js';
import type { DB } from '../../platform/db/types.js';
import { AppError } from '../../platform/errors.js';
import { writeAudit } from '../audit/service.js';
import { givenPaths, mergeName, mergeSettings, type updateLibraryBody } from './settings-patch.js';
import { lockLibrary, settingsOf, updateLibrary, type LibraryRow } from './store.js';
import { libraryVersion } from './service.js';

export type LibraryPatch = z.infer<typeof updateLibraryBody>;

/**
 * `expectedVersion` (If-Match): the version the admin's screen was loaded at; when the stored
 * one differs, someone else saved in between and the patch is refused (409 settings_changed)
 * rather than merged over what the admin has not seen.
 */
export function patchLibrary(db: Kysely<DB>, staff: StaffContext, patch: LibraryPatch, expectedVersion?: string): Promise<LibraryRow> {
  return db.transaction().execute(async (trx) => {
    const row = await lockLibrary(trx, staff.libraryId);
    if (!row) throw new AppError('not_found', { what: 'library' });
    if (expectedVersion !== undefined && expectedVersion !== libraryVersion(row)) {
      throw new AppError('conflict', { reason: 'settings_changed' });
    }
    const { name, settings } = patch;
    const next = await updateLibrary(trx, staff.libraryId, {
      ...(name ? { name: mergeName(row.name, name) } : {}),
      ...(settings ? { settings: mergeSettings(settingsOf(row), settings) } : {}),
    });
    await writeAudit(trx, {
      libraryId: staff.libraryId,
      actorId: staff.accountId,
      action: 'library.settings_changed',
      targetType: 'library',
      targetId: staff.libraryId,
      details: { fields: givenPaths(patch) },
    });
    // The row was locked above, so it is still there.
    return next!;
  });
}
