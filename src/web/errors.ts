// What staff read when something fails: the server's own translated message when it sent
// one, otherwise a translated explanation of ours (never the browser's or a code).
import { ApiError } from './api.js';
import type { I18n } from './i18n.js';

export function errorText(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    if (error.message) return error.message;
    if (error.code === 'network') return t('error.network');
    if (error.status >= 500) return t('error.server');
  }
  return t('error.unexpected');
}

/**
 * The server's reason for refusing one field (a `validation_failed` issue at `path`, such as
 * `body.newPassword`), as a sentence without the field's technical name; undefined if none.
 */
export function fieldIssue(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed' || !Array.isArray(error.details.issues)) return undefined;
  const issue = (error.details.issues as unknown[]).find(
    (i): i is { path: string; message: string } =>
      typeof i === 'object' &&
      i !== null &&
      (i as { path?: unknown }).path === path &&
      typeof (i as { message?: unknown }).message === 'string',
  );
  if (!issue) return undefined;
  const text = issue.message.trim();
  return `${text.charAt(0).toLocaleUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}
