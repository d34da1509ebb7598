// Topic tags: the library's list (admins keep it; archived, never deleted, so reports and past
// conversations keep their words), whether resolving needs a tag, and the rules for the tags
// set on a conversation (the conversations domain locks the conversation and calls in here).
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/types.js';
import { AppError } from '../../platform/errors.js';
import { languages } from '../../contract/languages.js';
import type { PartialLocalized, TagBriefView, TagListView, TagView } from '../../contract/tags.js';
import * as store from './store.js';

function presentTag(row: store.TagRow): TagView {
  return {
    id: row.id,
    name: row.name,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const brief = (row: store.TagRow): TagBriefView => ({ id: row.id, name: row.name, active: row.active });

export async function listTags(db: Kysely<DB>, libraryId: string): Promise<TagListView> {
  const [rows, required] = await Promise.all([store.listTags(db, libraryId), store.requiredAtResolve(db, libraryId)]);
  return { items: rows.map(presentTag), requiredAtResolve: required };
}

const sameWord = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** 409 conflict (duplicate) when another tag of the library has the same name in a language. */
async function refuseDuplicateName(db: Kysely<DB>, libraryId: string, name: PartialLocalized, exceptId?: string): Promise<void> {
  const others = (await store.listTags(db, libraryId)).filter((t) => t.id !== exceptId);
  for (const language of languages) {
    const wanted = name[language];
    if (wanted && others.some((t) => t.name[language] !== undefined && sameWord(t.name[language]!, wanted))) {
      throw new AppError('conflict', { reason: 'tag_name_taken', name: wanted });
    }
  }
}

export async function createTag(db: Kysely<DB>, libraryId: string, name: PartialLocalized): Promise<TagView> {
  await refuseDuplicateName(db, libraryId, name);
  return presentTag(await store.insertTag(db, libraryId, name));
}

export async function updateTag(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
  changes: { name?: PartialLocalized | undefined; active?: boolean | undefined },
): Promise<TagView> {
  if (changes.name) await refuseDuplicateName(db, libraryId, changes.name, id);
  const row = await store.updateTag(db, libraryId, id, changes);
  if (!row) throw new AppError('not_found', { what: 'tag' });
  return presentTag(row);
}

export async function setTagSettings(db: Kysely<DB>, libraryId: string, requiredAtResolve: boolean) {
  await store.setRequiredAtResolve(db, libraryId, requiredAtResolve);
  return { requiredAtResolve };
}

/**
 * Refuses resolving a conversation without a topic tag when the library requires one
 * (409 conflict, reason tag_required). Run inside the transaction that resolves it.
 */
export async function checkResolvable(db: Kysely<DB>, libraryId: string, conversationId: string): Promise<void> {
  if (!(await store.requiredAtResolve(db, libraryId))) return;
  if ((await store.conversationTagIds(db, libraryId, conversationId)).length === 0) {
    throw new AppError('conflict', { reason: 'tag_required' });
  }
}

export interface TagChange {
  added: TagBriefView[];
  removed: TagBriefView[];
}

/**
 * Gives the conversation exactly these tags, inside the caller's transaction (which holds the
 * conversation locked). Every tag must be the library's (else 404 not_found, what: tag); a tag
 * it does not have yet must be active (else 409 conflict, reason tag_archived).
 */
export async function replaceConversationTags(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  tagIds: string[],
): Promise<TagChange> {
  const wanted = [...new Set(tagIds)];
  const current = await store.conversationTagIds(db, libraryId, conversationId);
  const rows = await store.findTags(db, libraryId, [...new Set([...wanted, ...current])]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const toAdd = wanted.filter((id) => !current.includes(id));
  const toRemove = current.filter((id) => !wanted.includes(id));
  for (const id of toAdd) {
    const row = byId.get(id);
    if (!row) throw new AppError('not_found', { what: 'tag' });
    if (!row.active) throw new AppError('conflict', { reason: 'tag_archived' });
  }
  await store.removeConversationTags(db, libraryId, conversationId, toRemove);
  await store.addConversationTags(db, libraryId, conversationId, toAdd);
  const present = (ids: string[]) => ids.flatMap((id) => (byId.has(id) ? [brief(byId.get(id)!)] : []));
  return { added: present(toAdd), removed: present(toRemove) };
}
