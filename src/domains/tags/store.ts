// SQL for topic tags, their library setting and the tags set on conversations. Every query is
// scoped by library.
import type { Kysely, Selectable } from 'kysely';
import type { DB, TagsTable } from '../../platform/db/types.js';
import type { PartialLocalized } from '../../contract/tags.js';

export type TagRow = Selectable<TagsTable>;

export function listTags(db: Kysely<DB>, libraryId: string): Promise<TagRow[]> {
  return db.selectFrom('tags').selectAll().where('library_id', '=', libraryId).orderBy('created_at').orderBy('id').execute();
}

export function findTags(db: Kysely<DB>, libraryId: string, ids: readonly string[]): Promise<TagRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('tags').selectAll().where('library_id', '=', libraryId).where('id', 'in', ids).execute();
}

export function insertTag(db: Kysely<DB>, libraryId: string, name: PartialLocalized): Promise<TagRow> {
  return db
    .insertInto('tags')
    .values({ library_id: libraryId, name: JSON.stringify(name) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateTag(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
  changes: { name?: PartialLocalized | undefined; active?: boolean | undefined },
): Promise<TagRow | undefined> {
  return db
    .updateTable('tags')
    .set({
      ...(changes.name ? { name: JSON.stringify(changes.name) } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      updated_at: new Date(),
    })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function requiredAtResolve(db: Kysely<DB>, libraryId: string): Promise<boolean> {
  const row = await db.selectFrom('tag_settings').select('required_at_resolve').where('library_id', '=', libraryId).executeTakeFirst();
  return row?.required_at_resolve ?? false;
}

export async function setRequiredAtResolve(db: Kysely<DB>, libraryId: string, required: boolean): Promise<void> {
  await db
    .insertInto('tag_settings')
    .values({ library_id: libraryId, required_at_resolve: required })
    .onConflict((oc) => oc.column('library_id').doUpdateSet({ required_at_resolve: required, updated_at: new Date() }))
    .execute();
}

export async function conversationTagIds(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('conversation_tags')
    .select('tag_id')
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .execute();
  return rows.map((r) => r.tag_id);
}

export async function removeConversationTags(db: Kysely<DB>, libraryId: string, conversationId: string, tagIds: string[]): Promise<void> {
  if (tagIds.length === 0) return;
  await db
    .deleteFrom('conversation_tags')
    .where('library_id', '=', libraryId)
    .where('conversation_id', '=', conversationId)
    .where('tag_id', 'in', tagIds)
    .execute();
}

export async function addConversationTags(db: Kysely<DB>, libraryId: string, conversationId: string, tagIds: string[]): Promise<void> {
  if (tagIds.length === 0) return;
  await db
    .insertInto('conversation_tags')
    .values(tagIds.map((tagId) => ({ library_id: libraryId, conversation_id: conversationId, tag_id: tagId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
