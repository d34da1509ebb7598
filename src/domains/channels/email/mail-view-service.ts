// A stored mail's original layout for staff: the sanitised HTML part, as a document a browser
// shows in a sandboxed frame — no script, nothing fetched from anywhere (tracking pixels
// included), only the mail's own styles and data: images.
import type { Kysely } from 'kysely';
import { AppError } from '../../../platform/errors.js';
import type { DB } from '../../../platform/db/types.js';
import { findMailHtml } from './mail-view-store.js';

/**
 * The headers of the HTML document. The HTML was sanitised when the mail came in; the policy
 * still forbids scripts, forms, plugins and any request, should something have slipped by.
 */
export const MAIL_HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
  'referrer-policy': 'no-referrer',
} as const;

/** The mail's HTML in a minimal document of its own (a fragment or a whole document alike). */
export function mailHtmlDocument(html: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"></head><body>\n${html}\n</body></html>\n`;
}

/** The HTML document of a message, for staff of the conversation's library; 404 otherwise. */
export async function mailHtmlOf(db: Kysely<DB>, libraryId: string, conversationId: string, messageId: string): Promise<string> {
  const found = await findMailHtml(db, libraryId, conversationId, messageId);
  if (!found.conversationFound) throw new AppError('not_found', { what: 'conversation' });
  if (!found.messageFound) throw new AppError('not_found', { what: 'message' });
  if (found.html === null) throw new AppError('not_found', { what: 'mail_html' });
  return mailHtmlDocument(found.html);
}
