// What every route module receives: the database, the event bus, the configuration, the
// realtime hub and the channels' way out, plus the Fastify instance typed with the zod provider.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { EventBus } from '../platform/events.js';
import type { Language } from '../contract/languages.js';
import type { StaffContext } from '../platform/auth/sessions.js';
import type { RealtimeHub } from './realtime/hub.js';
import type { ChatAdapter } from '../domains/channels/chat/adapter.js';
import type { Outbound } from '../domains/channels/deliveries/outbound.js';
import type { ConversationDeps } from '../domains/conversations/service.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface AppDeps {
  database: Database;
  bus: EventBus;
  config: Config;
  hub: RealtimeHub;
  /** Channel adapters by kind; hands staff replies to them and records their deliveries. */
  outbound: Outbound;
  /** The web chat's adapter (its routes report a widget that caught up after a reconnect). */
  chatAdapter: ChatAdapter;
}

/** What the conversations service needs, built one way for every route module. */
export function conversationDeps(deps: AppDeps): ConversationDeps {
  return { db: deps.database.db, bus: deps.bus, prepared: deps.database.prepared, outbound: deps.outbound };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, set by the auth hook; null for anonymous callers. */
    staff: StaffContext | null;
    /** The caller's language for messages: Accept-Language, else Finnish. */
    language: Language;
  }
  interface FastifyContextConfig {
    /** Public endpoints get a per-client rate limit (see server/app.ts). */
    public?: boolean;
  }
}
