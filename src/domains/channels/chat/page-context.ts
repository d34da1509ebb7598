// The page a web chat is started on, as the widget reports it: an http(s) address and the
// page's title. Whoever calls the API can put anything here, so it is only ever shown to
// staff (as a link with rel="noopener noreferrer", its text escaped) and never used to
// decide anything.
import { z } from 'zod';
import { catalogueMessage, nameText, storableText } from '../../../platform/schemas.js';

export const PAGE_URL_MAX = 2000;
export const PAGE_TITLE_MAX = 300;

/** An absolute http: or https: address, as the URL parser reads it (no spaces or control characters). */
function isWebAddress(value: string): boolean {
  if (/[\u0000-\u0020\u007F-\u009F]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const pageContextBody = z
  .object({
    url: storableText()
      .max(PAGE_URL_MAX)
      .refine(isWebAddress, catalogueMessage('validation.page_url'))
      .describe('The page’s address: http or https, at most 2,000 characters'),
    title: nameText()
      .max(PAGE_TITLE_MAX)
      .optional()
      .describe('The page’s title, at most 300 characters; no control or text-direction characters'),
  })
  .strict();
export type PageContextBody = z.infer<typeof pageContextBody>;
