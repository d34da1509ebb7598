// Creating a library: the tenant and its first admin together, so that no library exists
// that nobody can sign in to. Used by `kanava library create`; there is no HTTP route for it
// because no role of one library may create another.
import type { Kysely } from 'kysely';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { DB } from '../../platform/db/types.js';
import type { Language, Localized } from '../../contract/languages.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { insertAccount, type AccountRow } from '../accounts/store.js';
import { writeAudit } from '../audit/audit.js';
import { librarySettingsSchema } from './schema.js';
import { findLibraryBySlug, insertLibrary, type LibraryRow } from './store.js';

export interface NewLibrary {
  slug: string;
  name: Localized;
  timeZone: string;
  admin: { email: string; displayName: string; language: Language; password: string };
}

/** The slug's unique constraint (PostgreSQL's name for `slug … UNIQUE`, migration 0001). */
const SLUG_CONSTRAINT = 'libraries_slug_key';

/** A stable reason code (docs/api.md, Errors); the message comes from the catalogue. */
function slugTaken(slug: string): AppError {
  return new AppError('conflict', { reason: 'slug_taken', slug });
}

export async function createLibraryWithAdmin(
  db: Kysely<DB>,
  input: NewLibrary,
): Promise<{ library: LibraryRow; admin: AccountRow }> {
  if (await findLibraryBySlug(db, input.slug)) throw slugTaken(input.slug);
  const passwordHash = await hashPassword(input.admin.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const library = await insertLibrary(trx, {
        slug: input.slug,
        name: input.name,
        settings: librarySettingsSchema.parse({ timeZone: input.timeZone }),
      });
      const admin = await insertAccount(trx, {
        libraryId: library.id,
        email: input.admin.email,
        displayName: input.admin.displayName,
        role: 'admin',
        language: input.admin.language,
        passwordHash,
      });
      // Two entries, as the log shows them: the library came to be, and so did its first
      // account (like any account an admin adds). No account acted (actor null): the
      // install's operator did, from the command line.
      const via = 'kanava library create';
      await writeAudit(trx, {
        libraryId: library.id,
        actorId: null,
        action: 'library.created',
        targetType: 'library',
        targetId: library.id,
        details: { slug: library.slug, via },
      });
      await writeAudit(trx, {
        libraryId: library.id,
        actorId: null,
        action: 'account.created',
        targetType: 'account',
        targetId: admin.id,
        details: { role: 'admin', via },
      });
      return { library, admin };
    });
  } catch (error) {
    // Two creations of one slug at the same moment (PostgreSQL): the second loses here.
    if (isUniqueViolation(error, SLUG_CONSTRAINT)) throw slugTaken(input.slug);
    throw error;
  }
}
