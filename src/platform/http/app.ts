// What every route module is given: the Fastify instance typed with the zod provider, and
// the platform's shared pieces (database, event bus, configuration). A domain's routes ask
// for anything more they need (another domain's service, the realtime hub) in their own
// deps type; src/server/ assembles one object that satisfies them all.
import type { SecretBox } from '../secrets.js';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Language } from '../../contract/languages.js';
import type { StaffContext } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { EventBus } from '../events.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface RouteDeps {
  database: Database;
  bus: EventBus;
  config: Config;
  /** The install's key: encrypts stored secrets, signs tokens (platform/secrets.ts). */
  secrets: SecretBox;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, set by the auth hook; null for anonymous callers. */
    staff: StaffContext | null;
    /** The caller's language for messages: Accept-Language, else Finnish. */
    language: Language;
  }
}
