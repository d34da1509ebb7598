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
