// What every route module receives: the database, the event bus and the configuration,
// plus the Fastify instance typed with the zod provider.
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
import type { Language } from '../platform/db/types.js';
import type { StaffContext } from '../platform/auth/sessions.js';
import type { RealtimeHub } from './realtime/hub.js';

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
