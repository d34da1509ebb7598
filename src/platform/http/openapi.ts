// The OpenAPI description (/api/openapi.json), made the same way for every route so route
// modules only give their schemas, tags and summary. Applied while the document is written
// (the swagger plugin's `transform` and `transformObject`), never at run time: validation
// and serialization see the route schemas exactly as the routes declare them.
//
// For every operation under /api/v1 this adds:
// - a stable `operationId`: the route's own `schema.operationId`, else OPERATION_IDS, else
//   one derived from the method and path (GET /conversations/:id/messages →
//   listConversationMessages). test/api/openapi.test.ts lists them all, so none changes
//   unnoticed: a client generated from the description names its methods after them.
// - `security`: the session cookie on routes guarded by `requireStaff` (auth.ts marks the
//   guard), nothing on public ones.
// - the error answers the route can give, each the one error shape of src/contract/errors.ts
//   (`#/components/schemas/Error`), with the codes of that status.
// and to the document: `servers` (KANAVA_PUBLIC_URL, else the server that served it), the
// licence, and the tags with their descriptions.
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorStatus, errorView, type ErrorCode } from '../../contract/errors.js';
import { staffGuardOf } from './auth.js';

const API_PREFIX = '/api/v1/';
const SESSION = 'session';

/** Names that a derivation from the path would not read well: actions, and singletons. */
const OPERATION_IDS: Record<string, string> = {
  'POST /api/v1/auth/login': 'signIn',
  'POST /api/v1/auth/logout': 'signOut',
  'GET /api/v1/auth/me': 'getMe',
  'POST /api/v1/auth/password': 'changePassword',
  'GET /api/v1/audit': 'listAuditEntries',
  'POST /api/v1/conversations/:id/status': 'setConversationStatus',
  'POST /api/v1/public/libraries/:slug/chats': 'startChat',
};

/** Routes that use the session when there is one, without requiring it. */
const OPTIONAL_SESSION = new Set(['POST /api/v1/auth/logout']);

/** Errors a route gives beyond what its shape tells (see errorStatusesOf). */
const EXTRA_ERRORS: Record<string, number[]> = {
  'POST /api/v1/auth/login': [401], // invalid_credentials
  'POST /api/v1/public/libraries/:slug/chats/:id/leave': [401], // a customer token not of this library
  'POST /api/v1/ingress/mail': [401, 404], // the bearer secret; the ingress off or the library unknown
};

/** Every tag an operation may carry; a tag missing here fails test/api/openapi.test.ts. */
export const OPENAPI_TAGS = [
  { name: 'auth', description: 'Staff sign-in and the session cookie (`kanava_session`), the signed-in account, password change.' },
  { name: 'accounts', description: 'Staff accounts of the library: list (admins, supervisors), create and change (admins).' },
  { name: 'audit', description: 'The library’s audit log (admins).' },
  { name: 'library', description: 'The library’s name and settings: texts, opening hours, contact details.' },
  { name: 'conversations', description: 'The shared inbox: conversations of every channel, their messages, notes and assignment.' },
  { name: 'customers', description: 'A customer’s record and timeline across channels; erasure on request.' },
  { name: 'tags', description: 'Topic tags of the library (admins keep the list) and whether resolving needs one.' },
  { name: 'saved-replies', description: 'Saved replies: the library’s (admins and supervisors keep them) and each staff member’s own.' },
  { name: 'satisfaction', description: 'Customer satisfaction (CSAT): a conversation’s answer, the library’s answers and their summary.' },
  { name: 'queues', description: 'Queues (teams) of the library, their members and targets, and the rules that route new conversations.' },
  { name: 'ingress', description: 'Mail in from a mail server (Postfix, Exim) holding the ingress secret (KANAVA_MAIL_INGRESS_SECRET).' },
  { name: 'public', description: 'Unauthenticated endpoints for the chat widget on library websites (rate limited per client).' },
];

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Error codes that are never an HTTP answer (socket frames only). */
const NOT_HTTP: ReadonlySet<ErrorCode> = new Set(['invalid_frame']);

/** The one error shape, as the contract defines it. */
const ERROR_SCHEMA = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(z.object({ error: errorView }), { target: 'draft-2020-12', io: 'output' });
  return { ...schema, description: 'Every 4xx/5xx answer. `error.code` is stable; `error.message` is in the caller’s language.' };
})();

const RESPONSE_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'RateLimited',
  500: 'Internal',
  503: 'Unavailable',
};

function errorResponse(status: number) {
  const codes = (Object.keys(errorStatus) as ErrorCode[]).filter((code) => errorStatus[code] === status && !NOT_HTTP.has(code));
  return {
    description: `Error: ${codes.map((code) => `\`${code}\``).join(', ')} (\`error.code\`; docs/api.md lists what each means).`,
    ...(status === 429
      ? { headers: { 'Retry-After': { description: 'Seconds until a request is allowed again', schema: { type: 'integer' } } } }
      : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`; // libraries
  if (word.endsWith('sses') || word.endsWith('uses')) return word.slice(0, -2); // addresses, statuses
  if (word.endsWith('ss') || word.endsWith('us')) return word; // ingress, status
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

const pascal = (word: string) => word.replace(/(^|[-_])([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());

/**
 * An operation id from the method and path: the resources named (a segment before a
 * parameter in the singular) and a verb — list/get/create/update/delete, or the path's last
 * segment when it is an action (POST /conversations/:id/claim → claimConversation).
 */
export function deriveOperationId(method: string, url: string): string {
  const named = url
    .slice(API_PREFIX.length)
    .split('/')
    .filter((s) => s !== '' && s !== 'public');
  const isParam = (s: string | undefined) => s?.startsWith(':') ?? false;
  const statics = named.flatMap((s, i) => (isParam(s) ? [] : [{ word: s, beforeParam: isParam(named[i + 1]) }]));
  const nouns = statics.map((s, i) => (s.beforeParam || i < statics.length - 1 ? singular(s.word) : s.word));
  const tail = nouns[nouns.length - 1] ?? '';
  const collection = !isParam(named[named.length - 1]) && singular(tail) !== tail;
  const head = nouns.slice(0, -1);
  const name = (verb: string, words: string[]) => verb + words.map(pascal).join('');
  switch (method) {
    case 'GET':
      return name(collection ? 'list' : 'get', nouns);
    case 'POST':
      // Into a collection, or an action on what precedes it (POST /conversations/:id/claim).
      return collection ? name('create', [...head, singular(tail)]) : name(tail, head);
    case 'PUT':
    case 'PATCH':
      return name('update', nouns);
    case 'DELETE':
      return name('delete', nouns);
    default:
      return name(method.toLowerCase(), nouns);
  }
}

/** The operation id of a route: its own, else OPERATION_IDS, else derived. */
export function operationIdOf(method: string, url: string, own?: string): string {
  return own ?? OPERATION_IDS[`${method} ${url}`] ?? deriveOperationId(method, url);
}

interface RouteFacts {
  method: string;
  url: string;
  guarded: boolean;
  restricted: boolean;
  optionalSession: boolean;
  hasInput: boolean;
  hasParams: boolean;
  rateLimited: boolean;
}

/** The error statuses a route can answer, from what it is: guarded, with input, mutating… */
function errorStatusesOf(route: RouteFacts): number[] {
  const statuses = new Set<number>(EXTRA_ERRORS[`${route.method} ${route.url}`] ?? []);
  const mutating = MUTATING.has(route.method);
  // validation_failed (schema, badly encoded path), invalid_json (any body is parsed).
  if (route.hasInput || mutating) statuses.add(400);
  if (route.guarded) statuses.add(401);
  // forbidden (a role the route does not admit); cross_site_request (any change sent with a
  // session cookie from another site's page, public routes too: security.ts).
  if (route.restricted || mutating) statuses.add(403);
  if (route.hasParams) statuses.add(404);
  // conflict: what the route refuses, and any write a unique key or reference refuses (errors.ts).
  if (mutating) for (const status of [409, 413, 415]) statuses.add(status);
  if (route.rateLimited) statuses.add(429);
  statuses.add(500);
  statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function factsOf(route: RouteOptions, method: string): RouteFacts {
  const guard = staffGuardOf(route.preHandler);
  const schema = route.schema ?? {};
  const config = (route.config ?? {}) as { rateLimit?: unknown };
  return {
    method,
    url: route.url,
    guarded: guard !== undefined,
    restricted: guard !== undefined && guard.roles.length > 0,
    optionalSession: OPTIONAL_SESSION.has(`${method} ${route.url}`),
    hasInput: Boolean(schema.body ?? schema.querystring ?? schema.params),
    hasParams: Boolean(schema.params) || route.url.includes(':'),
    rateLimited: config.rateLimit !== undefined,
  };
}

type OpenApiDocument = Record<string, unknown> & {
  paths?: Record<string, Record<string, Record<string, unknown> | undefined> | undefined>;
  components?: Record<string, Record<string, unknown> | undefined>;
};

/** The swagger plugin's options: the document's frame, and the per-route and whole-document steps above. */
export function openApiOptions(options: { publicUrl?: string | undefined; description: string }): FastifyDynamicSwaggerOptions {
  // Filled while the routes are transformed, read when the whole document is: operationId → statuses.
  const errorsByOperation = new Map<string, number[]>();
  const server = options.publicUrl ? new URL(options.publicUrl) : undefined;
  const serverUrl = server ? `${server.origin}${server.pathname.replace(/\/+$/, '')}` : '/';

  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kanava API',
        version: '1',
        description: options.description,
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: serverUrl, description: server ? 'This installation (KANAVA_PUBLIC_URL)' : 'The server that served this document' }],
      tags: OPENAPI_TAGS,
      components: {
        securitySchemes: {
          [SESSION]: {
            type: 'apiKey',
            in: 'cookie',
            name: 'kanava_session',
            description: 'The staff session, set by POST /api/v1/auth/login (HttpOnly). Changes must come from the same origin.',
          },
        },
      },
    },
    transform: (document) => {
      const converted = jsonSchemaTransform(document);
      const { route } = document;
      if (!route.url.startsWith(API_PREFIX) || converted.schema.hide) return converted;
      const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
      const facts = factsOf(route, method);
      const operationId = operationIdOf(method, route.url, route.schema?.operationId);
      errorsByOperation.set(operationId, errorStatusesOf(facts));
      const session: Record<string, string[]> = { [SESSION]: [] };
      const security: Record<string, string[]>[] = facts.guarded ? [session] : facts.optionalSession ? [session, {}] : [];
      return { url: converted.url, schema: { ...converted.schema, operationId, security } };
    },
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) throw new Error('an OpenAPI 3 document was expected');
      const document = documentObject.openapiObject as OpenApiDocument;
      const used = new Set<number>();
      for (const item of Object.values(document.paths ?? {})) {
        for (const operation of Object.values(item ?? {})) {
          const statuses = errorsByOperation.get(String(operation?.operationId));
          if (!operation || !statuses) continue;
          const responses = (operation.responses ?? {}) as Record<string, unknown>;
          for (const status of statuses) {
            responses[status] ??= { $ref: `#/components/responses/${RESPONSE_NAMES[status] ?? status}` };
            used.add(status);
          }
          operation.responses = responses;
        }
      }
      const components = document.components ?? {};
      components.schemas = { ...components.schemas, Error: ERROR_SCHEMA };
      components.responses = {
        ...components.responses,
        ...Object.fromEntries([...used].sort().map((status) => [RESPONSE_NAMES[status] ?? String(status), errorResponse(status)])),
      };
      return { ...document, components } as ReturnType<NonNullable<FastifyDynamicSwaggerOptions['transformObject']>>;
    },
  };
}
