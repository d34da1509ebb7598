// SQL for saved replies. Every query is scoped by library, and personal replies by their owner.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, SavedRepliesTable } from '../../platform/db/types.js';
import type { Language } from '../../contract/languages.js';
import type { PartialLocalized } from '../../contract/tags.js';

export type SavedReplyRow = Selectable<SavedRepliesTable>;

/** PostgreSQL's text-search configuration for each language. */
const searchConfig: Record<Language, string> = { fi: 'finnish', sv: 'swedish', en: 'english' };

/** The library's replies and the account's own. */
function visibleTo(db: Kysely<DB>, libraryId: string, accountId: string) {
  return db
    .selectFrom('saved_replies')
    .selectAll()
    .where('library_id', '=', libraryId)
    .where((eb) => eb.or([eb('owner_account_id', 'is', null), eb('owner_account_id', '=', accountId)]));
}

export interface ReplySearch {
  scope?: 'library' | 'personal' | undefined;
  q?: string | undefined;
  language: Language;
  limit: number;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Words of a query as a prefix text-search query ("aukio:* & kesä:*"), or null when it has none. */
function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

export function listReplies(db: Kysely<DB>, libraryId: string, accountId: string, search: ReplySearch): Promise<SavedReplyRow[]> {
  let query = visibleTo(db, libraryId, accountId);
  if (search.scope === 'library') query = query.where('owner_account_id', 'is', null);
  if (search.scope === 'personal') query = query.where('owner_account_id', '=', accountId);
  const language = search.language;
  const q = search.q?.trim();
  if (!q) return query.orderBy('title').orderBy('id').limit(search.limit).execute();
  const contains = `%${likeEscape(q)}%`;
  const starts = `${likeEscape(q.replace(/^\//, ''))}%`;
  const tsquery = prefixQuery(q);
  const config = searchConfig[language];
  const text = sql<string>`coalesce(body->>${language}, '')`;
  const allText = sql<string>`concat_ws(' ', body->>'fi', body->>'sv', body->>'en')`;
  const matchesText = tsquery
    ? sql<boolean>`to_tsvector(${config}::regconfig, ${text}) @@ to_tsquery(${config}::regconfig, ${tsquery})`
    : sql<boolean>`false`;
  return query
    .where((eb) =>
      eb.or([
        eb('title', 'ilike', contains),
        eb('shortcut', 'ilike', starts),
        eb(sql<string>`array_to_string(keywords, ' ')`, 'ilike', contains),
        eb(allText, 'ilike', contains),
        eb(matchesText, '=', true),
      ]),
    )
    .orderBy(sql`coalesce(lower(shortcut) = lower(${q.replace(/^\//, '')}), false)`, 'desc')
    .orderBy(sql`title ilike ${starts}`, 'desc')
    .orderBy(sql`body ? ${language}`, 'desc')
    .orderBy(sql`title ilike ${contains}`, 'desc')
    .orderBy('title')
    .orderBy('id')
    .limit(search.limit)
    .execute();
}

export function findReply(db: Kysely<DB>, libraryId: string, accountId: string, id: string): Promise<SavedReplyRow | undefined> {
  return visibleTo(db, libraryId, accountId).where('id', '=', id).executeTakeFirst();
}

export interface ReplyFields {
  title: string;
  shortcut: string | null;
  body: PartialLocalized;
  keywords: string[];
}

export function insertReply(db: Kysely<DB>, libraryId: string, ownerId: string | null, fields: ReplyFields): Promise<SavedReplyRow> {
  return db
    .insertInto('saved_replies')
    .values({
      library_id: libraryId,
      owner_account_id: ownerId,
      title: fields.title,
      shortcut: fields.shortcut,
      body: JSON.stringify(fields.body),
      keywords: fields.keywords,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateReply(
  db: Kysely<DB>,
  libraryId: string,
  id: string,
  changes: Partial<ReplyFields>,
): Promise<SavedReplyRow | undefined> {
  return db
    .updateTable('saved_replies')
    .set({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.shortcut !== undefined ? { shortcut: changes.shortcut } : {}),
      ...(changes.body !== undefined ? { body: JSON.stringify(changes.body) } : {}),
      ...(changes.keywords !== undefined ? { keywords: changes.keywords } : {}),
      updated_at: new Date(),
    })
    .where('library_id', '=', libraryId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteReply(db: Kysely<DB>, libraryId: string, id: string): Promise<void> {
  await db.deleteFrom('saved_replies').where('library_id', '=', libraryId).where('id', '=', id).execute();
}
