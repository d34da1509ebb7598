// The page a chat starts on, for staff to see: its address and title, made to fit what the
// server accepts (http(s), at most 2,000 and 300 characters, no control or text-direction
// characters in the title), so that the context can never be the reason a chat fails to start.
// Credentials in the address are left out; an address too long is left out altogether.

export interface PageContext {
  url: string;
  title?: string;
}

const URL_MAX = 2000;
const TITLE_MAX = 300;
// Controls and the invisible text-direction characters the server refuses in a title.
const TITLE_REFUSED = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function pageContext(href: string, title: string): PageContext | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  let address = url.href;
  if (address.length > URL_MAX) {
    url.hash = '';
    address = url.href;
  }
  if (address.length > URL_MAX) return undefined;
  // At most 300 UTF-16 units (as the server counts), cut between characters, never inside one.
  let cleaned = '';
  for (const character of title.replace(TITLE_REFUSED, ' ').replace(/\s+/g, ' ').trim()) {
    if (cleaned.length + character.length > TITLE_MAX) break;
    cleaned += character;
  }
  cleaned = cleaned.trim();
  return cleaned ? { url: address, title: cleaned } : { url: address };
}
