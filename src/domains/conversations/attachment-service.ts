// Files that came with messages: listed on the messages staff read (one query per page) and
// downloaded by staff of the library, in a form no browser executes.
import type { Kysely } from 'kysely';
import type { AttachmentView } from '../../contract/attachments.js';
import type { MessageView } from '../../contract/conversations.js';
import type { DB } from '../../platform/db/types.js';
import { AppError } from '../../platform/errors.js';
import { presentMessage, type MessageRowWithAuthor } from './presenter.js';
import { findAttachment, listAttachments } from './store.js';

/** Messages as staff see them, each with its files. */
export async function presentWithAttachments(db: Kysely<DB>, libraryId: string, rows: MessageRowWithAuthor[]): Promise<MessageView[]> {
  const byMessage = await attachmentsByMessage(db, libraryId, rows);
  return rows.map((row) => presentMessage(row, byMessage.get(row.id) ?? []));
}

/** The files of these messages by message id, in one query (only customers' messages carry files). */
export async function attachmentsByMessage(
  db: Kysely<DB>,
  libraryId: string,
  rows: MessageRowWithAuthor[],
): Promise<Map<string, AttachmentView[]>> {
  const files = await listAttachments(
    db,
    libraryId,
    rows.filter((row) => row.kind === 'customer').map((row) => row.id),
  );
  const byMessage = new Map<string, AttachmentView[]>();
  for (const file of files) {
    const list = byMessage.get(file.message_id) ?? [];
    list.push({ id: file.id, filename: file.filename, contentType: file.content_type, size: file.size, inline: file.inline });
    byMessage.set(file.message_id, list);
  }
  return byMessage;
}

/** Types a browser shows without running anything; everything else is served as bytes. */
const SAFE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain']);

export interface AttachmentDownload {
  filename: string;
  /** What to serve it as: the declared type when it is harmless, else application/octet-stream. */
  contentType: string;
  content: Buffer;
}

export async function downloadAttachment(
  db: Kysely<DB>,
  libraryId: string,
  conversationId: string,
  id: string,
): Promise<AttachmentDownload> {
  const row = await findAttachment(db, libraryId, conversationId, id);
  if (!row) throw new AppError('not_found', { what: 'file' });
  const declared = row.content_type.split(';')[0]!.trim().toLowerCase();
  const contentType = SAFE_TYPES.has(declared)
    ? declared === 'text/plain'
      ? 'text/plain; charset=utf-8'
      : declared
    : 'application/octet-stream';
  return { filename: row.filename, contentType, content: row.content };
}

/** `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the real name (RFC 6266). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
