// Assembles the HTTP + WebSocket server from the platform pieces and the domain modules.
import Fastify from 'fastify';
import { sql } from 'kysely';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../platform/errors.js';
import { languageFromHeader } from '../platform/i18n.js';
import { registerSessionHook } from '../platform/http/auth.js';
import type { App } from '../platform/http/app.js';
import type { AppDeps } from './context.js';
import { answerClientError, answerFrameworkError, BODY_LIMIT_BYTES, registerErrorHandling } from '../platform/http/errors.js';
import { registerHostCheck, registerSecurityHeaders, registerSameOriginCheck } from '../platform/http/security.js';
import { DatabaseCounters, databaseRateLimitStore } from '../platform/http/rate-limit-store.js';
import { registerStaticFiles } from './static.js';
import { authRoutes } from '../domains/accounts/auth-routes.js';
import { accountRoutes } from '../domains/accounts/routes.js';
import { auditRoutes } from '../domains/audit/routes.js';
import { libraryRoutes } from '../domains/libraries/routes.js';
import { conversationRoutes } from '../domains/conversations/routes.js';
import { customerRoutes } from '../domains/customers/routes.js';
import { chatRoutes } from '../domains/channels/chat/routes.js';
import { staffSocketRoutes } from '../domains/conversations/staff-socket.js';
import { conversationTagRoutes } from '../domains/conversations/tag-routes.js';
import { tagRoutes } from '../domains/tags/routes.js';
import { savedReplyRoutes } from '../domains/replies/routes.js';
import { satisfactionRoutes } from '../domains/satisfaction/routes.js';
import { transferRoutes } from '../domains/conversations/transfer-routes.js';
import { queueRoutes } from '../domains/queues/routes.js';
import { mailIngressRoutes } from '../domains/channels/email/ingress-routes.js';
import { attachmentRoutes } from '../domains/conversations/attachment-routes.js';
import { validatorCompiler } from '../platform/http/validation.js';
import { openApiOptions } from '../platform/http/openapi.js';
import { onSocketError } from '../platform/realtime/socket.js';

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    logger:
      deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            redact: ['req.headers.cookie'],
            ...(deps.config.logStream ? { stream: deps.config.logStream } : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    // KANAVA_TRUST_PROXY is the number of reverse proxies in front: trust that many hops of
    // X-Forwarded-For. A bare number is no longer enough: Fastify 5.12 ignores a hop count
    // (it cannot check the peer), which made every client behind the proxy one address.
    trustProxy: trustHops(deps.config.trustProxy),
    // Malformed ids in URLs are answered by the schema, not by a router 404.
    routerOptions: { maxParamLength: 200 },
    // A badly encoded path fails before routing: answer it in our error shape too.
    frameworkErrors: answerFrameworkError,
    // A request Node cannot even parse (raw bytes in the path, oversize headers) too.
    clientErrorHandler: answerClientError,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only: anything else is answered 415, not parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('language', 'fi');
  app.addHook('onRequest', async (request) => {
    request.language = languageFromHeader(request.headers['accept-language']);
  });

  registerErrorHandling(app);
  registerSecurityHeaders(app, { publicUrl: deps.config.publicUrl });
  registerHostCheck(app, { publicUrl: deps.config.publicUrl });

  await app.register(cookie);
  await app.register(cors, {
    // Only the public (widget) endpoints are called from library websites on other origins;
    // they carry no cookies. Staff endpoints are same-origin only.
    delegator: (request, callback) => {
      const isPublic = request.url?.startsWith('/api/v1/public/') ?? false;
      callback(null, isPublic ? { origin: '*', methods: ['GET', 'POST'], maxAge: 600 } : { origin: false });
    },
  });
  await app.register(rateLimit, {
    global: false,
    // On PostgreSQL, counters in the database: every instance counts against the same limits.
    // The embedded database serves one process, whose memory is the cheaper place to count.
    ...(deps.database.backend === 'postgres' ? { store: databaseRateLimitStore(new DatabaseCounters(deps.database)) } : {}),
    errorResponseBuilder: (_request, context) => new AppError('rate_limited', { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
  // A client's protocol error is logged as its fault, at info (see onSocketError).
  await app.register(websocket, { options: { maxPayload: BODY_LIMIT_BYTES }, errorHandler: onSocketError });
  await app.register(
    swagger,
    openApiOptions({
      publicUrl: deps.config.publicUrl,
      description: 'Multichannel customer service for libraries. Errors: {error: {code, message, details?}}.',
    }),
  );

  registerSessionHook(app, deps.database.db);
  registerSameOriginCheck(app, { publicUrl: deps.config.publicUrl });

  // For load balancers and supervisors: healthy only while the database answers.
  app.get('/healthz', { schema: { hide: true } }, async () => {
    try {
      await sql`SELECT 1`.execute(deps.database.db);
    } catch (error) {
      throw new AppError('unavailable', undefined, { cause: error });
    }
    return { status: 'ok' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      const scoped = api as unknown as App;
      await authRoutes(scoped, deps);
      await accountRoutes(scoped, deps);
      await auditRoutes(scoped, deps);
      await libraryRoutes(scoped, deps);
      await conversationRoutes(scoped, deps);
      await customerRoutes(scoped, deps);
      await chatRoutes(scoped, deps);
      await staffSocketRoutes(scoped, deps);
      await tagRoutes(scoped, deps);
      await conversationTagRoutes(scoped, deps);
      await savedReplyRoutes(scoped, deps);
      await satisfactionRoutes(scoped, deps);
      await queueRoutes(scoped, deps);
      await transferRoutes(scoped, deps);
      await attachmentRoutes(scoped, deps);
      // Its own scope: the message/rfc822 body parser is for this route only.
      await scoped.register(async (ingress) => mailIngressRoutes(ingress as unknown as App, deps));
    },
    { prefix: '/api/v1' },
  );

  await registerStaticFiles(app, deps);
  return app;
}

function trustHops(hops: number | false): false | ((address: string, hop: number) => boolean) {
  return hops === false ? false : (_address, hop) => hop < hops;
}
