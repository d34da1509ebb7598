// Web chat: a customer starts a chat over HTTP, then talks over a WebSocket. Messages are
// stored before they are acknowledged; a message re-sent with the same client id after a
// reconnect is acknowledged again but never stored twice. A start repeated with the same
// client-chosen token (a lost response, a reload mid-request) returns the same conversation.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { CLOSE_UNAUTHENTICATED, encodeCustomerFrame } from '../../../contract/frames.js';
import type { Language } from '../../../contract/languages.js';
import { hashToken, newToken } from '../../../platform/auth/tokens.js';
import { AppError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http/app.js';
import { budget, clientAddress, rateLimitPerMinute } from '../../../platform/http/rate-limit.js';
import {
  checkFrame,
  errorFrame,
  frameLimiter,
  keepAlive,
  parseFrame,
  sendFrame,
  socketLanguageQuery,
} from '../../../platform/realtime/socket.js';
import {
  conversationDepsOf,
  customerLeft,
  findCustomerChat,
  replayForCustomer,
  type ConversationRouteDeps,
} from '../../conversations/service.js';
import type { CustomerConnection, RealtimeHub } from '../../conversations/live-service.js';
import { customerByWidgetToken } from '../../customers/service.js';
import { slugParams } from '../../libraries/schema.js';
import { libraryIdBySlug } from '../../libraries/service.js';
import { receiveInbound } from '../inbound.js';
import type { ChatAdapter } from './adapter.js';
import { customerFrame, leaveChatBody, leaveChatParams, sendFrameClientId, startChatBody, startChatView } from './schema.js';

/** What the chat routes are given: the conversations' deps, the live hub and the chat adapter. */
export type ChatRouteDeps = ConversationRouteDeps & { hub: RealtimeHub; chatAdapter: ChatAdapter };

const HELLO_TIMEOUT_MS = 10_000;

export async function chatRoutes(app: App, deps: ChatRouteDeps): Promise<void> {
  const { db } = deps.database;
  const services = conversationDepsOf(deps);

  // New chats have a budget of their own, below the general limit on public requests: per
  // client address (a class of 30 behind one school address fits the default 40), and per
  // library from every address together. Counted in the database on PostgreSQL, so shared by
  // every instance.
  const windowMs = deps.config.chatStartWindowMs;
  const startsPerAddress = budget(app, { name: 'chat_starts_address', max: deps.config.chatStartLimit, windowMs, key: clientAddress });
  const startsPerLibrary = budget(app, {
    name: 'chat_starts_library',
    max: deps.config.chatStartLibraryLimit,
    windowMs,
    // The slug the start names: an unknown one is answered 404 before anything is counted.
    key: (request) => (request.params as { slug: string }).slug,
  });

  app.post(
    '/public/libraries/:slug/chats',
    {
      config: rateLimitPerMinute(deps.config.publicRateLimit),
      schema: {
        tags: ['public'],
        summary: 'Start a web chat; returns the conversation and the customer’s secret token',
        params: slugParams,
        body: startChatBody,
        response: { 201: startChatView },
      },
    },
    async (request, reply) => {
      const libraryId = await libraryIdBySlug(db, request.params.slug);
      const b = request.body;
      // Only the hash is stored, whoever made the token.
      const token = b.customerToken ?? newToken();
      // A start retried with its token (a lost response, a reload) continues the chat it
      // started: it spends nothing. Anything else may open a conversation.
      const retried = b.customerToken !== undefined && (await customerByWidgetToken(db, hashToken(token))) !== undefined;
      if (!retried) {
        await startsPerAddress(request, reply);
        await startsPerLibrary(request, reply);
      }
      const result = await receiveInbound(services, {
        libraryId,
        channel: 'chat',
        customer: { name: b.name ?? null, email: b.email ?? null, language: b.language, widgetTokenHash: hashToken(token) },
        language: b.language,
        body: b.body ?? null,
        externalId: b.clientId ?? null,
        page: b.page ? { url: b.page.url, title: b.page.title || null } : null,
        entryPoint: b.entryPoint ?? null,
      });
      return reply.status(201).send({ conversationId: result.conversationId, customerToken: token });
    },
  );

  app.post(
    '/public/libraries/:slug/chats/:id/leave',
    {
      config: rateLimitPerMinute(deps.config.publicRateLimit),
      schema: {
        operationId: 'leaveChat',
        tags: ['public'],
        summary: 'The customer ends the chat: recorded in its timeline for staff (the status stays); asking again changes nothing',
        params: leaveChatParams,
        body: leaveChatBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const libraryId = await libraryIdBySlug(db, request.params.slug);
      const customer = await customerByWidgetToken(db, hashToken(request.body.customerToken));
      // A token is good only in its own library; a conversation only for its own customer.
      if (!customer || customer.libraryId !== libraryId) throw new AppError('unauthenticated');
      await customerLeft(services, { libraryId, customerId: customer.id, conversationId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  const socketOptions = {
    websocket: true,
    config: rateLimitPerMinute(deps.config.publicRateLimit),
    schema: { hide: true, querystring: socketLanguageQuery },
  } as const;
  app.get('/public/chat/ws', socketOptions, (socket, request) => {
    // The language chosen in the widget, which need not be the browser's.
    const language = request.query.lang ?? request.language;
    let session: CustomerConnection | null = null;
    // Set on the first hello, before its lookup: `session` only exists once that finishes.
    let helloReceived = false;
    const allowFrame = frameLimiter(20, 2);
    // Typing has a smaller budget of its own: the widget says it at most every 3 s, and stops.
    const allowTyping = frameLimiter(6, 1);
    keepAlive(socket);
    const helloTimer = setTimeout(() => socket.close(CLOSE_UNAUTHENTICATED, 'hello expected'), HELLO_TIMEOUT_MS);
    socket.on('close', () => {
      clearTimeout(helloTimer);
      if (session) deps.hub.removeCustomer(session);
    });

    const fail = (error: AppError, clientId?: string) => sendFrame(socket, errorFrame(language, error, clientId));

    socket.on('message', (data) => {
      const raw = parseFrame(data);
      if (!allowFrame()) return fail(new AppError('rate_limited', { seconds: 1 }), sendFrameClientId(raw));
      const checked = checkFrame(customerFrame, raw, language);
      if (!checked.ok) return fail(checked.error, sendFrameClientId(raw));
      const { frame } = checked;
      if (frame.type === 'ping') return sendFrame(socket, encodeCustomerFrame({ type: 'pong' }));
      if (frame.type === 'hello') {
        // A second hello sent while the first was still looking up would otherwise authenticate
        // too: two `ready`, and the first connection left behind in the hub.
        if (helloReceived) return fail(new AppError('conflict', { reason: 'hello_already_sent' }));
        helloReceived = true;
        clearTimeout(helloTimer);
        const authenticated = (connection: CustomerConnection) => {
          session = connection;
        };
        void hello(socket, frame, language, authenticated).then(
          () => {
            // The socket may have closed while the replay ran.
            if (session && socket.readyState !== socket.OPEN) deps.hub.removeCustomer(session);
          },
          (error: unknown) => {
            request.log.error({ err: error }, 'chat hello failed');
            fail(new AppError('internal'));
            socket.close(1011);
          },
        );
        return;
      }
      if (!session) return fail(new AppError('unauthenticated'), frame.type === 'send' ? frame.clientId : undefined);
      if (frame.type === 'typing') {
        if (!allowTyping()) return fail(new AppError('rate_limited', { seconds: 1 }));
        // Ephemeral: staff of the library see "<customer> is typing…" (live-service.ts).
        deps.hub.activity.setCustomerTyping(session, session.libraryId, session.conversationId, frame.typing ?? true);
        return;
      }
      const current = session;
      receiveInbound(services, {
        libraryId: current.libraryId,
        channel: 'chat',
        customerId: current.customerId,
        conversationId: current.conversationId,
        language,
        body: frame.body,
        externalId: frame.clientId,
      }).then(
        ({ message }) => {
          // A chat send always carries a body, so a message is always stored or found again.
          if (!message) return fail(new AppError('internal'), frame.clientId);
          return sendFrame(socket, encodeCustomerFrame({ type: 'ack', clientId: frame.clientId, seq: message.seq, id: message.id }));
        },
        (error: unknown) => {
          if (error instanceof AppError) return fail(error, frame.clientId);
          request.log.error({ err: error }, 'chat message failed');
          return fail(new AppError('internal'), frame.clientId);
        },
      );
    });
  });

  /**
   * Authenticates the socket, then replays what the customer missed. Live frames that arrive
   * during the replay are held back and sent after it, so the customer sees seqs in order.
   */
  async function hello(
    socket: WebSocket,
    frame: Extract<ReturnType<typeof customerFrame.parse>, { type: 'hello' }>,
    language: Language,
    authenticated: (session: CustomerConnection) => void,
  ): Promise<void> {
    const customer = await customerByWidgetToken(db, hashToken(frame.token));
    const conversation = customer ? await findCustomerChat(db, customer.libraryId, customer.id, frame.conversationId) : undefined;
    if (!customer || !conversation) {
      sendFrame(socket, errorFrame(language, new AppError('unauthenticated')));
      socket.close(CLOSE_UNAUTHENTICATED, 'unknown chat');
      return;
    }
    const held: string[] = [];
    let replaying = true;
    const session: CustomerConnection = {
      libraryId: customer.libraryId,
      conversationId: conversation.id,
      customerId: customer.id,
      revoke: () => {
        // Past any frames held back by a replay still running: the customer is gone.
        sendFrame(socket, errorFrame(language, new AppError('unauthenticated')));
        socket.close(CLOSE_UNAUTHENTICATED, 'customer erased');
      },
      send: (payload) => {
        if (!replaying) return sendFrame(socket, payload);
        // Written right after the replay, or already written by it.
        held.push(payload);
        return true;
      },
    };
    deps.hub.addCustomer(session);
    authenticated(session);
    sendFrame(
      socket,
      encodeCustomerFrame({
        type: 'ready',
        conversationId: conversation.id,
        status: conversation.status,
        lastSeq: conversation.lastSeq,
        staffOnline: deps.hub.staffOnline(customer.libraryId),
      }),
    );
    let lastSent = frame.lastSeq;
    // Everything missed, however long the conversation (page by page).
    const scope = { libraryId: customer.libraryId, conversationId: conversation.id, after: frame.lastSeq };
    for await (const view of replayForCustomer(db, socket, scope)) {
      sendFrame(socket, encodeCustomerFrame({ type: 'message', seq: view.seq, message: view }));
      lastSent = Math.max(lastSent, view.seq);
    }
    replaying = false;
    for (const payload of held) {
      const seq = (JSON.parse(payload) as { message?: { seq?: number } }).message?.seq;
      if (seq === undefined || seq > lastSent) sendFrame(socket, payload);
    }
    // The widget now holds everything up to lastSent: its waiting staff replies are delivered.
    if (socket.readyState === socket.OPEN) void deps.chatAdapter.caughtUp(customer.libraryId, conversation.id, lastSent);
  }
}
