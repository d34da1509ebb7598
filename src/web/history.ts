// Which slice of a conversation to fetch. The API pages back with `before` a seq: the newest
// page is the one before the conversation's end, each earlier one the one before the oldest
// message shown. One message more than a page is asked for, so a page knows whether anything
// lies before it without another request.

/** How many messages are shown first, and how many more each "show earlier" adds. */
export const HISTORY_PAGE = 50;

/** `before` for the newest page: above every seq the conversation has (or will have). */
export const NEWEST = 2_147_483_647;

export interface PageRequest {
  before: number;
  limit: number;
}

/** The page ending just below `before`, with one extra message to look past its start. */
export function pageBefore(before: number, page = HISTORY_PAGE): PageRequest {
  return { before, limit: page + 1 };
}

export interface ShownPage<T> {
  /** The page's messages, ascending. */
  items: T[];
  /** Seq of the oldest message on screen; 0 once the conversation's beginning is shown. */
  shownFrom: number;
}

/** What a fetched page puts on screen: at most `page` messages, the newest of them. */
export function showPage<T extends { seq: number }>(fetched: T[], page = HISTORY_PAGE): ShownPage<T> {
  if (fetched.length <= page) return { items: fetched, shownFrom: 0 };
  const items = fetched.slice(fetched.length - page);
  return { items, shownFrom: items[0]!.seq };
}
