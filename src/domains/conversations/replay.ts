// Replays a conversation from a seq to its end, page by page: a resumed client gets every
// message it missed however long the conversation, and a slow client is not overrun.
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { DB } from '../../platform/db/types.js';
import type { MessageRowWithAuthor } from './presenter.js';
import { listMessages } from './store.js';
import { drained } from '../../platform/realtime/socket.js';

// Rows per query: a long replay takes few queries. Pages are not what keeps the socket under
// its too-slow limit (platform/realtime/socket.ts): 200 of the longest messages, whose control characters JSON
// writes six bytes each, are more than that limit, so the replay waits for the client after
// every row that leaves much unsent (the socket is corked for the turn, so nothing leaves
// until the replay waits).
const PAGE_SIZE = 200;

/**
 * Messages of the conversation with seq > `after`, in seq order, until the end (the end as
 * it is when the last page is read). Stops early when the socket closes.
 */
export async function* replayMessages(
  db: Kysely<DB>,
  socket: WebSocket,
  scope: { libraryId: string; conversationId: string; after: number; includeNotes: boolean },
  /** Called with each page before its rows are yielded (to load what the page's rows need in one query). */
  onPage?: (rows: MessageRowWithAuthor[]) => Promise<void>,
): AsyncGenerator<MessageRowWithAuthor> {
  let after = scope.after;
  for (;;) {
    const rows = await listMessages(db, scope.libraryId, scope.conversationId, {
      after,
      limit: PAGE_SIZE,
      includeNotes: scope.includeNotes,
    });
    await onPage?.(rows);
    for (const row of rows) {
      yield row;
      await drained(socket);
      if (socket.readyState !== socket.OPEN) return;
    }
    const last = rows.at(-1);
    if (!last || rows.length < PAGE_SIZE) return;
    after = last.seq;
  }
}
