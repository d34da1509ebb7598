// The staff app's live connection: every message and conversation change of the library,
// replay of a conversation from a seq after a reconnect, and away/online presence. The
// socket lives only as long as its session: it is closed when the session is signed out,
// the password changed elsewhere, the account deactivated, or the session expires.
import { z } from 'zod';
import { seqNumber } from '../../platform/schemas.js';
import { AppError } from '../../platform/errors.js';
import { recheckSession } from '../../platform/auth/sessions.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireSameOrigin } from '../../platform/http/security.js';
import { encodeStaffFrame, type StaffActivityClientFrame } from '../../contract/frames.js';
import type { RealtimeHub, StaffConnection } from './live-service.js';
import { replayForStaff } from './service.js';
import {
  checkFrame,
  closeTooSlow,
  errorFrame,
  frameLimiter,
  keepAlive,
  MAX_BUFFERED_BYTES,
  parseFrame,
  sendFrame,
  socketLanguageQuery,
} from '../../platform/realtime/socket.js';
import { CLOSE_UNAUTHENTICATED } from '../../contract/frames.js';

// Besides the immediate re-check on sign-out and account changes (hub), a periodic one ends
// sockets whose session expired, or whose change notice was lost while the relay reconnected.
const SESSION_RECHECK_MS = 60_000;

const staffClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), conversationId: z.string().uuid(), lastSeq: seqNumber() }),
  z.object({ type: z.literal('presence'), status: z.enum(['online', 'away']) }),
  z.object({ type: z.literal('ping') }),
  z.object({
    type: z.literal('activity'),
    conversationId: z.string().uuid().nullable(),
    writing: z.enum(['reply', 'note']).nullable(),
  }) satisfies z.ZodType<StaffActivityClientFrame>,
]);

export async function staffSocketRoutes(app: App, deps: RouteDeps & { hub: RealtimeHub }): Promise<void> {
  const { db } = deps.database;
  const preHandler = [requireSameOrigin(deps.config.publicUrl), requireStaff()];
  app.get('/ws', { websocket: true, preHandler, schema: { hide: true, querystring: socketLanguageQuery } }, (socket, request) => {
    const staff = staffOf(request);
    // The language chosen in the staff app, which need not be the browser's.
    const language = request.query.lang ?? request.language;
    // While the session is being re-checked, frames wait here: they go out if it still
    // stands and are dropped with the socket if not, so a signed-out socket gets nothing more.
    // They count against the socket's too-slow limit as unsent frames do: a check that takes
    // long (a slow database) must not pile up frames without bound.
    let held: string[] | null = null;
    let heldBytes = 0;
    function hold(waiting: string[], frame: string): boolean {
      heldBytes += Buffer.byteLength(frame);
      if (heldBytes + socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        held = null;
        closeTooSlow(socket);
        return false;
      }
      waiting.push(frame);
      return true;
    }
    const connection: StaffConnection = {
      libraryId: staff.libraryId,
      accountId: staff.accountId,
      away: false,
      send: (frame) => (held ? hold(held, frame) : sendFrame(socket, frame)),
      recheck: () => recheck(),
    };

    let recheckWanted = false;
    let rechecking = false;
    function recheck(): void {
      recheckWanted = true;
      if (rechecking) return; // the running check loops once more: it may have read the old state
      rechecking = true;
      if (!held) {
        held = [];
        heldBytes = 0;
      }
      void runRecheck().finally(() => {
        rechecking = false;
        // Asked for after the check's last loop but before it ended: check again.
        if (recheckWanted && socket.readyState === socket.OPEN) recheck();
      });
    }
    async function runRecheck(): Promise<void> {
      try {
        while (recheckWanted && socket.readyState === socket.OPEN) {
          recheckWanted = false;
          const current = await recheckSession(db, staff.sessionHash);
          if (!current || current.libraryId !== staff.libraryId || current.accountId !== staff.accountId) {
            held = null;
            deps.hub.removeStaff(connection);
            sendFrame(socket, errorFrame(language, new AppError('unauthenticated')));
            socket.close(CLOSE_UNAUTHENTICATED, 'signed out');
            return;
          }
        }
        const waiting = held ?? [];
        held = null;
        for (const frame of waiting) sendFrame(socket, frame);
      } catch (error) {
        // Without a verdict the socket must not go on: the client reconnects and signs in again.
        request.log.error({ err: error }, 'staff session re-check failed');
        held = null;
        deps.hub.removeStaff(connection);
        socket.close(1011, 'session check failed');
      }
    }
    const recheckTimer = setInterval(recheck, SESSION_RECHECK_MS);
    recheckTimer.unref();

    const allowFrame = frameLimiter(50, 20);
    // Activity has its own, smaller budget: clients send it on a change and every 3 s while writing.
    const allowActivity = frameLimiter(10, 1);
    keepAlive(socket);
    deps.hub.addStaff(connection);
    socket.on('close', () => {
      clearInterval(recheckTimer);
      deps.hub.removeStaff(connection);
    });
    connection.send(encodeStaffFrame({ type: 'ready', libraryId: staff.libraryId }));

    // Live frames arriving meanwhile may repeat or overtake a replayed seq: clients order
    // and deduplicate by seq.
    async function replay(conversationId: string, lastSeq: number): Promise<void> {
      let seq = lastSeq;
      for await (const message of replayForStaff(db, socket, { libraryId: staff.libraryId, conversationId, after: lastSeq })) {
        connection.send(encodeStaffFrame({ type: 'message', seq: message.seq, message }));
        seq = message.seq;
      }
      connection.send(encodeStaffFrame({ type: 'subscribed', conversationId, seq }));
    }

    socket.on('message', (data) => {
      if (!allowFrame()) {
        connection.send(errorFrame(language, new AppError('rate_limited', { seconds: 1 })));
        return;
      }
      const checked = checkFrame(staffClientFrame, parseFrame(data), language);
      if (!checked.ok) {
        connection.send(errorFrame(language, checked.error));
        return;
      }
      const { frame } = checked;
      switch (frame.type) {
        case 'subscribe':
          replay(frame.conversationId, frame.lastSeq).catch((error: unknown) => {
            request.log.error({ err: error }, 'staff replay failed');
            connection.send(errorFrame(language, new AppError('internal')));
          });
          return;
        case 'presence':
          deps.hub.setAway(connection, frame.status === 'away');
          return;
        case 'ping':
          connection.send(encodeStaffFrame({ type: 'pong' }));
          return;
        case 'activity': {
          if (!allowActivity()) {
            connection.send(errorFrame(language, new AppError('rate_limited', { seconds: 1 })));
            return;
          }
          const who = { libraryId: staff.libraryId, accountId: staff.accountId, displayName: staff.displayName };
          // Writing needs a conversation to write in.
          deps.hub.activity.setStaff(connection, who, frame.conversationId, frame.conversationId ? frame.writing : null);
          if (frame.conversationId) {
            const state = deps.hub.activity.state(staff.libraryId, frame.conversationId);
            connection.send(encodeStaffFrame({ type: 'activity', conversationId: frame.conversationId, ...state }));
          }
          return;
        }
        default: {
          const unhandled: never = frame;
          return unhandled;
        }
      }
    });
  });
}
