// How an attachment is described in the list: its size in the reader's language ("1,2 Mt",
// "1,2 MB") and the kind of icon its type gets.
import type { Language } from '../../contract/languages.js';
import type { MessageKey, Values } from '../i18n.js';

const UNITS = ['emailView.sizeBytes', 'emailView.sizeKilobytes', 'emailView.sizeMegabytes', 'emailView.sizeGigabytes'] as const;

/** A file size with one decimal at most, in binary units (what file managers show). */
export function attachmentSize(bytes: number, language: Language, t: (key: MessageKey, values?: Values) => string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  // Rounded to one decimal first: 1 048 500 bytes is "1 Mt", not "1 024 kt".
  while (unit < UNITS.length - 1 && Math.round((value * 10) / 1024) / 10 >= 1 && value >= 1000) {
    value /= 1024;
    unit++;
  }
  const size = new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return t(UNITS[unit]!, { size });
}

export type AttachmentKind = 'image' | 'audio' | 'video' | 'document' | 'spreadsheet' | 'archive' | 'other';

/** The kind of file by its declared type (only for the icon: the download is never opened). */
export function attachmentKind(contentType: string): AttachmentKind {
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (/spreadsheet|excel|csv/.test(type)) return 'spreadsheet';
  if (/zip|compressed|x-7z|x-rar|gzip|x-tar/.test(type)) return 'archive';
  if (type === 'application/pdf' || type.startsWith('text/') || /msword|wordprocessing|opendocument\.text|rtf/.test(type))
    return 'document';
  return 'other';
}
