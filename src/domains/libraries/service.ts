// Libraries: creating one (the tenant and its first admin together, so that no library exists
// that nobody can sign in to; used by `kanava library create`, with no HTTP route because no
// role of one library may create another), and reading one for staff and for the widget.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { DB } from '../../platform/db/types.js';
import type { Language, Localized } from '../../contract/languages.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { AppError } from '../../platform/errors.js';
import { insertFirstAdmin } from '../accounts/service.js';
import { writeAudit } from '../audit/service.js';
import type { LibraryView, WidgetInfoView } from '../../contract/libraries.js';
import { languages } from '../../contract/languages.js';
import { addOpenMinutes, isOpen, nextOpening } from './opening-hours.js';
import type { ChannelKind } from '../../contract/kinds.js';
import { librarySettingsSchema } from './schema.js';
import { findLibraryById, findLibraryBySlug, insertLibrary, settingsOf, type LibraryRow } from './store.js';

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
): Promise<{ library: LibraryRow; admin: Awaited<ReturnType<typeof insertFirstAdmin>> }> {
  if (await findLibraryBySlug(db, input.slug)) throw slugTaken(input.slug);
  const passwordHash = await hashPassword(input.admin.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const library = await insertLibrary(trx, {
        slug: input.slug,
        name: input.name,
        settings: librarySettingsSchema.parse({ timeZone: input.timeZone }),
      });
      const admin = await insertFirstAdmin(trx, {
        libraryId: library.id,
        email: input.admin.email,
        displayName: input.admin.displayName,
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

/** A fingerprint of what an admin can change: differs after any save that changed something. */
export function libraryVersion(row: LibraryRow): string {
  return createHash('sha256')
    .update(JSON.stringify([row.name, row.settings]))
    .digest('base64url')
    .slice(0, 22);
}

export function presentLibrary(row: LibraryRow): LibraryView {
  return { id: row.id, slug: row.slug, name: row.name, settings: settingsOf(row), version: libraryVersion(row) };
}

export async function getLibrary(db: Kysely<DB>, id: string): Promise<LibraryView> {
  const row = await findLibraryById(db, id);
  if (!row) throw new AppError('not_found', { what: 'library' });
  return presentLibrary(row);
}

/** The library's id, slug and name in every language; undefined when there is none. */
export async function findLibraryBrief(db: Kysely<DB>, id: string): Promise<{ id: string; slug: string; name: Localized } | undefined> {
  const row = await findLibraryById(db, id);
  return row && { id: row.id, slug: row.slug, name: row.name };
}

/** The library a public (widget) request names by slug; not_found when there is none. */
export async function libraryIdBySlug(db: Kysely<DB>, slug: string): Promise<string> {
  const row = await findLibraryBySlug(db, slug);
  if (!row) throw new AppError('not_found', { what: 'library' });
  return row.id;
}

/** What the chat widget shows; `staffOnline` counts the library's staff online now. */
export async function widgetInfo(db: Kysely<DB>, slug: string, staffOnline: (libraryId: string) => number): Promise<WidgetInfoView> {
  const row = await findLibraryBySlug(db, slug);
  if (!row) throw new AppError('not_found', { what: 'library' });
  const settings = settingsOf(row);
  const hours = settings.openingHours.chat ?? null;
  const now = new Date();
  // No configured hours means chat follows staff presence alone.
  const exceptions = settings.openingExceptions;
  const open = hours ? isOpen(hours, now, settings.timeZone, exceptions) : true;
  const next = hours && !open ? nextOpening(hours, now, settings.timeZone, exceptions) : null;
  return {
    slug: row.slug,
    name: row.name,
    languages: [...languages],
    welcome: settings.texts.welcome ?? null,
    offlineText: settings.texts.offline ?? null,
    chat: { open, staffOnline: staffOnline(row.id), nextOpening: next?.toISOString() ?? null },
    contact: settings.contact,
    openingHours: hours,
    timeZone: settings.timeZone,
    look: {
      color: settings.widget.color ?? null,
      position: settings.widget.position ?? 'bottom-right',
      launcherText: settings.widget.launcherText ?? null,
    },
  };
}

/**
 * Counts minutes over the library's opening hours for the channel: the returned function
 * gives the moment `minutes` of open time have passed since `start` (nights and closed days
 * do not count); calendar time when the channel has no hours set; null when the hours never
 * add up to that (see addOpenMinutes).
 */
export async function openHoursClock(
  db: Kysely<DB>,
  libraryId: string,
  channel: ChannelKind,
): Promise<(start: Date, minutes: number) => Date | null> {
  const row = await findLibraryById(db, libraryId);
  if (!row) throw new AppError('not_found', { what: 'library' });
  const settings = settingsOf(row);
  const hours = settings.openingHours[channel] ?? null;
  return (start, minutes) => addOpenMinutes(hours, start, minutes, settings.timeZone);
}
