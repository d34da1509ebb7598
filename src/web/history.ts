// Which slice of a conversation to fetch. The API pages forward only (`after` a seq, up to a
// limit), so the newest messages are found from the conversation's lastSeq and earlier ones
// by the seq range just below what is already shown. Gaps in seq only make a page shorter.

/** How many messages are shown first, and how many more each "show earlier" adds. */
export const HISTORY_PAGE = 50;
/** The server's largest page; the first fetch takes it so messages sent meanwhile fit too. */
const MAX_LIMIT = 500;

export interface SeqWindow {
  after: number;
  limit: number;
}

/** The newest page: everything above lastSeq - page. */
export function newestWindow(lastSeq: number, page = HISTORY_PAGE): SeqWindow {
  return { after: Math.max(0, lastSeq - page), limit: MAX_LIMIT };
}

/**
 * The page just before the loaded ones (messages with seq > loadedAfter are shown), or
 * null when the conversation's beginning is already shown.
 */
export function earlierWindow(loadedAfter: number, page = HISTORY_PAGE): SeqWindow | null {
  if (loadedAfter <= 0) return null;
  const after = Math.max(0, loadedAfter - page);
  return { after, limit: Math.min(MAX_LIMIT, loadedAfter - after) };
}
