// The OpenAPI description (/api/openapi.json) as a generated client or a peer's linter reads
// it: every operation has a stable, unique operationId (listed here, so a rename is a
// deliberate change), declared tags, a security declaration that matches whether the route
// wants a session, and documents every status the server actually answers, each error in
// the one error schema. The server is probed with callers and bodies of every kind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  servers?: { url: string }[];
  info: { license?: { identifier?: string } };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
}

/** Every operation's id. A rename breaks generated clients: change this list on purpose only. */
const OPERATION_IDS = [
  'DELETE /api/v1/customers/{id} deleteCustomer',
  'DELETE /api/v1/queues/{id} deleteQueue',
  'DELETE /api/v1/saved-replies/{id} deleteSavedReply',
  'GET /api/v1/accounts listAccounts',
  'GET /api/v1/audit listAuditEntries',
  'GET /api/v1/auth/me getMe',
  'GET /api/v1/conversations listConversations',
  'GET /api/v1/conversations/{id} getConversation',
  'GET /api/v1/conversations/{id}/attachments/{attachmentId} downloadAttachment',
  'GET /api/v1/conversations/{id}/messages listConversationMessages',
  'GET /api/v1/conversations/{id}/satisfaction getConversationSatisfaction',
  'GET /api/v1/customers listCustomers',
  'GET /api/v1/customers/{id} getCustomer',
  'GET /api/v1/library getLibrary',
  'GET /api/v1/public/libraries/{slug}/widget getLibraryWidget',
  'GET /api/v1/queues listQueues',
  'GET /api/v1/routing-rules listRoutingRules',
  'GET /api/v1/satisfaction/answers listSatisfactionAnswers',
  'GET /api/v1/satisfaction/summary getSatisfactionSummary',
  'GET /api/v1/saved-replies listSavedReplies',
  'GET /api/v1/tags listTags',
  'PATCH /api/v1/accounts/{id} updateAccount',
  'PATCH /api/v1/library updateLibrary',
  'PATCH /api/v1/queues/{id} updateQueue',
  'PATCH /api/v1/saved-replies/{id} updateSavedReply',
  'PATCH /api/v1/tag-settings updateTagSettings',
  'PATCH /api/v1/tags/{id} updateTag',
  'POST /api/v1/accounts createAccount',
  'POST /api/v1/auth/login signIn',
  'POST /api/v1/auth/logout signOut',
  'POST /api/v1/auth/password changePassword',
  'POST /api/v1/conversations/{id}/assign assignConversation',
  'POST /api/v1/conversations/{id}/claim claimConversation',
  'POST /api/v1/conversations/{id}/merge mergeConversation',
  'POST /api/v1/conversations/{id}/messages createConversationMessage',
  'POST /api/v1/conversations/{id}/status setConversationStatus',
  'POST /api/v1/conversations/{id}/transfer transferConversation',
  'POST /api/v1/ingress/mail ingestMail',
  'POST /api/v1/public/chats/{conversationId}/satisfaction answerSatisfactionSurvey',
  'POST /api/v1/public/libraries/{slug}/chats startChat',
  'POST /api/v1/public/libraries/{slug}/chats/{id}/leave leaveChat',
  'POST /api/v1/queues createQueue',
  'POST /api/v1/saved-replies createSavedReply',
  'POST /api/v1/tags createTag',
  'PUT /api/v1/conversations/{id}/tags setConversationTags',
  'PUT /api/v1/queues/{id}/members updateQueueMembers',
  'PUT /api/v1/routing-rules updateRoutingRules',
];

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

function operations(document: Document): { method: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method, path, operation })),
  );
}

for (const backend of testBackends()) {
  describe(`OpenAPI description [${backend}]`, () => {
    let app: TestApp;
    let document: Document;
    let slug: string;
    let conversationId: string;
    let adminId: string;
    let signInAdmin: () => Promise<string>;
    let signInStaff: () => Promise<string>;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_LOGIN_RATE_LIMIT: '100000' });
      const library = await buildLibrary(app.db);
      slug = library.slug;
      const admin = await buildAccount(app.db, library, { role: 'admin' });
      const staff = await buildAccount(app.db, library, { role: 'staff' });
      adminId = admin.id;
      signInAdmin = () => app.signIn(admin);
      signInStaff = () => app.signIn(staff);
      const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', name: 'Aino', body: 'Hei' } });
      conversationId = ((await chat.json()) as { conversationId: string }).conversationId;
      document = (await (await app.request('/api/openapi.json')).json()) as Document;
    });
    after(() => app.close());

    test('every operation has its stable, unique operationId', () => {
      const listed = operations(document)
        .map(({ method, path, operation }) => `${method.toUpperCase()} ${path} ${operation.operationId}`)
        .sort();
      assert.deepEqual(listed, OPERATION_IDS);
      const ids = operations(document).map(({ operation }) => operation.operationId);
      assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    });

    test('servers, licence, and a description for every tag in use', () => {
      assert.deepEqual(document.servers, [{ url: '/', description: 'The server that served this document' }]);
      assert.equal(document.info.license?.identifier, 'AGPL-3.0-or-later');
      const declared = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description]));
      for (const { method, path, operation } of operations(document)) {
        assert.ok(operation.tags?.length, `${method} ${path} has a tag`);
        for (const tag of operation.tags ?? [])
          assert.ok(declared.get(tag), `tag ${tag} (${method} ${path}) is declared with a description`);
      }
    });

    test('an operation declares the session exactly when it answers 401 without one', async () => {
      for (const { method, path, operation } of operations(document)) {
        if (!operation.security) assert.fail(`${method} ${path} declares no security`);
        const wantsSession = operation.security.some((requirement) => 'session' in requirement);
        const required = wantsSession && !operation.security.some((requirement) => Object.keys(requirement).length === 0);
        if (path.includes('/public/') || path === '/api/v1/auth/login') assert.equal(wantsSession, false, `${method} ${path} is public`);
        if (method !== 'get') continue; // a change without a session is refused for its body first
        const url = path.replace('{id}', randomUUID()).replace('{attachmentId}', randomUUID()).replace('{slug}', slug);
        const response = await app.request(url, { method: 'GET' });
        assert.equal(response.status === 401, required, `${method} ${path}: ${response.status} without a session`);
      }
    });

    test('every status the server answers is documented, every error in the one error schema', async () => {
      const errorSchema = z.fromJSONSchema(document.components.schemas.Error as Parameters<typeof z.fromJSONSchema>[0]);
      for (const response of Object.values(document.components.responses)) {
        assert.equal(response.content['application/json']?.schema.$ref, '#/components/schemas/Error');
      }
      const undocumented = new Set<string>();
      const badErrors = new Set<string>();
      const callers: { name: string; cookie: () => Promise<string | undefined> }[] = [
        { name: 'anonymous', cookie: async () => undefined },
        { name: 'staff', cookie: signInStaff },
        { name: 'admin', cookie: signInAdmin },
      ];
      const big = JSON.stringify({ body: 'x'.repeat(70 * 1024) });
      const bodies: { body?: string; type?: string; origin?: string }[] = [
        {},
        { body: 'null', type: 'application/json' },
        { body: '{', type: 'application/json' },
        { body: '{}', type: 'application/json' },
        { body: '{"status": 5, "assigneeId": "x", "email": []}', type: 'application/json' },
        { body: 'hello', type: 'text/plain' },
        { body: big, type: 'application/json' },
        { body: '{}', type: 'application/json', origin: 'https://elsewhere.example' },
      ];
      // Sign-out last: it ends the session the other probes use.
      const all = operations(document).sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
      for (const caller of callers) {
        const cookie = await caller.cookie();
        for (const { method, path, operation } of all) {
          const urls = [
            path.replace('{id}', path.includes('/accounts/') ? adminId : conversationId).replace('{slug}', slug),
            path.replace('{id}', randomUUID()).replace('{slug}', 'no-such-library'),
            path.replace('{id}', 'not-an-id'),
          ];
          for (const url of new Set(urls)) {
            for (const { body, type, origin } of MUTATING.has(method) ? bodies : [{}]) {
              const headers: Record<string, string> = {};
              if (type) headers['content-type'] = type;
              if (origin) headers.origin = origin;
              const response = await app.request(url, { method: method.toUpperCase(), headers, ...(cookie ? { cookie } : {}), body });
              const status = String(response.status);
              if (!(status in operation.responses)) undocumented.add(`${method.toUpperCase()} ${path} answered ${status} (${caller.name})`);
              const text = await response.text();
              if (response.status >= 400 && !errorSchema.safeParse(JSON.parse(text)).success) {
                badErrors.add(`${method.toUpperCase()} ${path} ${status}: ${text}`);
              }
            }
          }
        }
      }
      assert.deepEqual([...undocumented], [], 'statuses the description does not list');
      assert.deepEqual([...badErrors], [], 'errors not in the error schema');
    });
  });
}
