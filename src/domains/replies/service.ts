// Saved replies: the library's, kept by admins and supervisors and offered to everyone, and each
// staff member's own, which nobody else sees (a colleague's id answers 404, as a foreign one).
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import type { StaffContext } from '../../platform/auth/sessions.js';
import { AppError } from '../../platform/errors.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import type { Language } from '../../contract/languages.js';
import type { SavedReplyScope, SavedReplyView } from '../../contract/saved-replies.js';
import * as store from './store.js';

/** Who keeps the library's replies. */
const keepsLibraryReplies = (staff: StaffContext) => staff.role === 'admin' || staff.role === 'supervisor';

function present(row: store.SavedReplyRow, staff: StaffContext): SavedReplyView {
  const scope: SavedReplyScope = row.owner_account_id === null ? 'library' : 'personal';
  return {
    id: row.id,
    scope,
    title: row.title,
    shortcut: row.shortcut,
    body: row.body,
    keywords: row.keywords,
    canEdit: scope === 'library' ? keepsLibraryReplies(staff) : row.owner_account_id === staff.accountId,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A shortcut taken in the same scope (the library's, or the person's own) → 409 conflict. */
async function refusingTakenShortcut<T>(shortcut: string | null | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'saved_replies_library_shortcut') || isUniqueViolation(error, 'saved_replies_personal_shortcut')) {
      throw new AppError('conflict', { reason: 'shortcut_taken', shortcut: shortcut ?? '' }, { cause: error });
    }
    throw error;
  }
}

export async function listSavedReplies(
  db: Kysely<DB>,
  staff: StaffContext,
  search: { q?: string | undefined; language?: Language | undefined; scope?: SavedReplyScope | undefined },
  limit: number,
): Promise<SavedReplyView[]> {
  const rows = await store.listReplies(db, staff.libraryId, staff.accountId, {
    q: search.q,
    scope: search.scope,
    language: search.language ?? 'fi',
    limit,
  });
  const views = rows.map((row) => present(row, staff));
  if (search.q?.trim()) return views;
  // A list without a search: the library's first, then one's own, each by title as the language sorts.
  const collator = new Intl.Collator(search.language ?? 'fi');
  return views.sort((a, b) => (a.scope === b.scope ? collator.compare(a.title, b.title) : a.scope === 'library' ? -1 : 1));
}

export async function createSavedReply(
  db: Kysely<DB>,
  staff: StaffContext,
  input: Omit<store.ReplyFields, 'shortcut'> & { scope: SavedReplyScope; shortcut?: string | null | undefined },
): Promise<SavedReplyView> {
  if (input.scope === 'library' && !keepsLibraryReplies(staff)) throw new AppError('forbidden', { reason: 'library_replies' });
  const owner = input.scope === 'library' ? null : staff.accountId;
  const fields = { title: input.title, shortcut: input.shortcut ?? null, body: input.body, keywords: input.keywords };
  const row = await refusingTakenShortcut(fields.shortcut, () => store.insertReply(db, staff.libraryId, owner, fields));
  return present(row, staff);
}

/** The reply if the caller may change it: another's personal one is not found, the library's needs a supervisor or admin. */
async function editable(db: Kysely<DB>, staff: StaffContext, id: string): Promise<store.SavedReplyRow> {
  const row = await store.findReply(db, staff.libraryId, staff.accountId, id);
  if (!row) throw new AppError('not_found', { what: 'saved_reply' });
  if (row.owner_account_id === null && !keepsLibraryReplies(staff)) throw new AppError('forbidden', { reason: 'library_replies' });
  return row;
}

export async function updateSavedReply(
  db: Kysely<DB>,
  staff: StaffContext,
  id: string,
  changes: Partial<Omit<store.ReplyFields, 'shortcut'>> & { shortcut?: string | null | undefined },
): Promise<SavedReplyView> {
  await editable(db, staff, id);
  const row = await refusingTakenShortcut(changes.shortcut, () =>
    store.updateReply(db, staff.libraryId, id, {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.shortcut !== undefined ? { shortcut: changes.shortcut } : {}),
      ...(changes.body !== undefined ? { body: changes.body } : {}),
      ...(changes.keywords !== undefined ? { keywords: changes.keywords } : {}),
    }),
  );
  if (!row) throw new AppError('not_found', { what: 'saved_reply' });
  return present(row, staff);
}

export async function deleteSavedReply(db: Kysely<DB>, staff: StaffContext, id: string): Promise<void> {
  await editable(db, staff, id);
  await store.deleteReply(db, staff.libraryId, id);
}
