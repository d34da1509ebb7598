// SQL for libraries (tenants).
import type { Kysely, Selectable } from 'kysely';
import type { DB, LibrariesTable } from '../../platform/db/types.js';
import type { Localized } from '../../contract/languages.js';
import { librarySettingsSchema, type LibrarySettings } from './schema.js';

export type LibraryRow = Selectable<LibrariesTable>;

export function findLibraryById(db: Kysely<DB>, id: string): Promise<LibraryRow | undefined> {
  return db.selectFrom('libraries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The library row locked for update until the transaction ends: a read-merge-write holds it. */
export function lockLibrary(db: Kysely<DB>, id: string): Promise<LibraryRow | undefined> {
  return db.selectFrom('libraries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findLibraryBySlug(db: Kysely<DB>, slug: string): Promise<LibraryRow | undefined> {
  return db.selectFrom('libraries').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function insertLibrary(db: Kysely<DB>, library: { slug: string; name: Localized; settings: LibrarySettings }): Promise<LibraryRow> {
  return db
    .insertInto('libraries')
    .values({ slug: library.slug, name: JSON.stringify(library.name), settings: JSON.stringify(library.settings) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateLibrary(
  db: Kysely<DB>,
  id: string,
  changes: { name?: Localized; settings?: LibrarySettings },
): Promise<LibraryRow | undefined> {
  return db
    .updateTable('libraries')
    .set({
      ...(changes.name ? { name: JSON.stringify(changes.name) } : {}),
      ...(changes.settings ? { settings: JSON.stringify(changes.settings) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Stored settings, with defaults filled in for anything saved before a field existed. */
export function settingsOf(row: LibraryRow): LibrarySettings {
  const parsed = librarySettingsSchema.safeParse(row.settings);
  return parsed.success ? parsed.data : librarySettingsSchema.parse({});
}

export interface LibrarySummary {
  slug: string;
  name: Localized;
  activeStaff: number;
}

/** Every library of the install with its number of active staff accounts (all roles), by slug. */
export async function listLibrarySummaries(db: Kysely<DB>): Promise<LibrarySummary[]> {
  const rows = await db
    .selectFrom('libraries')
    .leftJoin('accounts', (join) => join.onRef('accounts.library_id', '=', 'libraries.id').on('accounts.active', '=', true))
    .select(['libraries.slug', 'libraries.name'])
    .select((eb) => eb.fn.count<string>('accounts.id').as('active_staff'))
    .groupBy(['libraries.id', 'libraries.slug', 'libraries.name'])
    .orderBy('libraries.slug')
    .execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, activeStaff: Number(r.active_staff) }));
}
