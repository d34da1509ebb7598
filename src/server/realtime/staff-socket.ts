// The staff app's live connection: every message and conversation change of the library,
// replay of a conversation from a seq after a reconnect, and away/online presence.
import { z } from 'zod';
import { seqNumber } from '../../platform/schemas.js';
import { AppError } from '../../platform/errors.js';
import { presentMessage } from '../../domains/conversations/presenter.js';
import { listMessages } from '../../domains/conversations/store.js';
import { requireStaff, staffOf } from '../auth.js';
import type { App, AppDeps } from '../context.js';
import { summariseIssues } from '../errors.js';
import type { StaffConnection } from './hub.js';
import { errorFrame, frameLimiter, keepAlive, parseFrame, sendFrame } from './socket.js';

const staffFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), conversationId: z.string().uuid(), lastSeq: seqNumber() }),
  z.object({ type: z.literal('presence'), status: z.enum(['online', 'away']) }),
  z.object({ type: z.literal('ping') }),
]);

export async function staffSocketRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  app.get('/ws', { websocket: true, preHandler: requireStaff(), schema: { hide: true } }, (socket, request) => {
    const staff = staffOf(request);
    const language = request.language;
    const connection: StaffConnection = {
      libraryId: staff.libraryId,
      accountId: staff.accountId,
      away: false,
      send: (frame) => sendFrame(socket, frame),
    };
    const allowFrame = frameLimiter(50, 20);
    keepAlive(socket);
    deps.hub.addStaff(connection);
    socket.on('close', () => deps.hub.removeStaff(connection));
    connection.send(JSON.stringify({ type: 'ready', libraryId: staff.libraryId }));

    socket.on('message', (data) => {
      if (!allowFrame()) {
        connection.send(errorFrame(language, new AppError('rate_limited', { seconds: 1 })));
        return;
      }
      const parsed = staffFrame.safeParse(parseFrame(data));
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        connection.send(errorFrame(language, new AppError('invalid_frame', { summary: summariseIssues(issues) })));
        return;
      }
      const frame = parsed.data;
      switch (frame.type) {
        case 'subscribe':
          // Replay what the client missed; live frames arriving meanwhile may repeat a seq,
          // which clients drop by seq.
          listMessages(db, staff.libraryId, frame.conversationId, { after: frame.lastSeq, limit: 1000, includeNotes: true })
            .then((rows) => {
              for (const row of rows) connection.send(JSON.stringify({ type: 'message', message: presentMessage(row) }));
              connection.send(JSON.stringify({ type: 'subscribed', conversationId: frame.conversationId }));
            })
            .catch((error: unknown) => {
              request.log.error({ err: error }, 'staff replay failed');
              connection.send(errorFrame(language, new AppError('internal')));
            });
          return;
        case 'presence':
          deps.hub.setAway(connection, frame.status === 'away');
          return;
        case 'ping':
          connection.send(JSON.stringify({ type: 'pong' }));
          return;
        default: {
          const unhandled: never = frame;
          return unhandled;
        }
      }
    });
  });
}
