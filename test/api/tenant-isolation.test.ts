// A staff member (even an admin) of library B cannot read or change anything of library A,
// through any route. The routes come from the OpenAPI description, so a new route without
// a case here fails this test until someone decides how it is isolated.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';

interface Ids {
  conversationId: string;
  customerId: string;
  accountId: string;
  slug: string;
  /** A library reply and a topic tag of A (saved replies and tags). */
  savedReplyId: string;
  tagId: string;
  queueId: string;
  /** A file on A's customer message. */
  attachmentId: string;
}

type Case = { path: (a: Ids) => string; body?: (a: Ids) => unknown; expect: number[] } | 'public' | 'own-library';

// For each route: how B attacks A's data, and which statuses are acceptable.
const cases: Record<string, Case> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'own-library',
  'GET /api/v1/auth/me': 'own-library',
  'POST /api/v1/auth/password': 'own-library',
  'GET /api/v1/accounts': 'own-library',
  'POST /api/v1/accounts': 'own-library',
  'PATCH /api/v1/accounts/{id}': {
    path: (a) => `/api/v1/accounts/${a.accountId}`,
    body: () => ({ active: false, role: 'staff' }),
    expect: [404],
  },
  'GET /api/v1/audit': 'own-library',
  'GET /api/v1/library': 'own-library',
  'PATCH /api/v1/library': 'own-library',
  'GET /api/v1/public/libraries/{slug}/widget': 'public',
  'POST /api/v1/public/libraries/{slug}/chats': 'public',
  // Public, authenticated by the customer token: its own test below.
  'POST /api/v1/public/libraries/{slug}/chats/{id}/leave': 'public',
  'GET /api/v1/conversations': 'own-library',
  'GET /api/v1/conversations/{id}': { path: (a) => `/api/v1/conversations/${a.conversationId}`, expect: [404] },
  'GET /api/v1/conversations/{id}/messages': { path: (a) => `/api/v1/conversations/${a.conversationId}/messages`, expect: [404] },
  'POST /api/v1/conversations/{id}/messages': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/messages`,
    body: () => ({ body: 'intrusion' }),
    expect: [404],
  },
  'POST /api/v1/conversations/{id}/claim': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/claim`,
    body: () => ({ force: true }),
    expect: [404],
  },
  'POST /api/v1/conversations/{id}/assign': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/assign`,
    body: () => ({ assigneeId: null }),
    expect: [404],
  },
  'POST /api/v1/conversations/{id}/status': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/status`,
    body: () => ({ status: 'resolved' }),
    expect: [404],
  },
  // Searches only the caller's library: test/api/customer-search.test.ts looks for A's customers from B.
  'GET /api/v1/customers': 'own-library',
  'POST /api/v1/conversations/{id}/merge': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/merge`,
    body: (a) => ({ targetId: a.conversationId }),
    expect: [404],
  },
  'GET /api/v1/customers/{id}': { path: (a) => `/api/v1/customers/${a.customerId}`, expect: [404] },
  'DELETE /api/v1/customers/{id}': { path: (a) => `/api/v1/customers/${a.customerId}`, expect: [404] },
  'GET /api/v1/saved-replies': 'own-library',
  'POST /api/v1/saved-replies': 'own-library',
  'PATCH /api/v1/saved-replies/{id}': {
    path: (a) => `/api/v1/saved-replies/${a.savedReplyId}`,
    body: () => ({ title: 'intrusion' }),
    expect: [404],
  },
  'DELETE /api/v1/saved-replies/{id}': { path: (a) => `/api/v1/saved-replies/${a.savedReplyId}`, expect: [404] },
  'GET /api/v1/tags': 'own-library',
  'POST /api/v1/tags': 'own-library',
  'PATCH /api/v1/tags/{id}': { path: (a) => `/api/v1/tags/${a.tagId}`, body: () => ({ active: false }), expect: [404] },
  'PATCH /api/v1/tag-settings': 'own-library',
  'PUT /api/v1/conversations/{id}/tags': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/tags`,
    body: () => ({ tagIds: [] }),
    expect: [404],
  },
  // Satisfaction: A's conversation's answer is 404 to B; B's lists hold B's answers only (and
  // test/api/satisfaction.test.ts answers A's survey with B's customer token: 404).
  'GET /api/v1/conversations/{id}/satisfaction': { path: (a) => `/api/v1/conversations/${a.conversationId}/satisfaction`, expect: [404] },
  'GET /api/v1/satisfaction/answers': 'own-library',
  'GET /api/v1/satisfaction/summary': 'own-library',
  'POST /api/v1/public/chats/{conversationId}/satisfaction': 'public',
  'GET /api/v1/queues': 'own-library',
  'POST /api/v1/queues': 'own-library',
  'PATCH /api/v1/queues/{id}': { path: (a) => `/api/v1/queues/${a.queueId}`, body: () => ({ name: { fi: 'Kaapattu' } }), expect: [404] },
  'DELETE /api/v1/queues/{id}': { path: (a) => `/api/v1/queues/${a.queueId}`, expect: [404] },
  'PUT /api/v1/queues/{id}/members': {
    path: (a) => `/api/v1/queues/${a.queueId}/members`,
    body: (a) => ({ accountIds: [a.accountId] }),
    expect: [404],
  },
  'GET /api/v1/routing-rules': 'own-library',
  // B's own rules, naming A's queue: there is no such queue in B's library.
  'PUT /api/v1/routing-rules': { path: () => '/api/v1/routing-rules', body: (a) => ({ rules: [{ queueId: a.queueId }] }), expect: [404] },
  'POST /api/v1/conversations/{id}/transfer': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/transfer`,
    body: (a) => ({ accountId: a.accountId, note: 'intrusion' }),
    expect: [404],
  },
  'GET /api/v1/conversations/{id}/attachments/{attachmentId}': {
    path: (a) => `/api/v1/conversations/${a.conversationId}/attachments/${a.attachmentId}`,
    expect: [404],
  },
  // Not a staff route: a mail server with the ingress secret (off here: 404). It names the
  // library by slug, as the mail server is configured; test/api/mail-ingress.test.ts covers it.
  'POST /api/v1/ingress/mail': 'public',
};

for (const backend of testBackends()) {
  describe(`tenant isolation [${backend}]`, () => {
    let app: TestApp;
    let a: Ids;
    let cookieB: string;
    let snapshot: () => Promise<string>;

    before(async () => {
      app = await startTestApp(backend);
      const libraryA = await buildLibrary(app.db);
      const libraryB = await buildLibrary(app.db);
      const staffA = await buildAccount(app.db, libraryA, { role: 'admin' });
      await buildAccount(app.db, libraryA, { role: 'admin' });
      const adminB = await buildAccount(app.db, libraryB, { role: 'admin' });
      cookieB = await app.signIn(adminB);
      const chat = (await (
        await app.request(`/api/v1/public/libraries/${libraryA.slug}/chats`, {
          json: { language: 'fi', name: 'A customer', body: 'library A secret' },
        })
      ).json()) as { conversationId: string };
      const customer = await app.db
        .selectFrom('conversations')
        .select('customer_id')
        .where('id', '=', chat.conversationId)
        .executeTakeFirstOrThrow();
      const cookieA = await app.signIn(staffA);
      const savedReply = (await (
        await app.request('/api/v1/saved-replies', {
          cookie: cookieA,
          json: { scope: 'library', title: 'A reply', shortcut: 'secret', body: { fi: 'library A secret reply' } },
        })
      ).json()) as { id: string };
      const tag = (await (await app.request('/api/v1/tags', { cookie: cookieA, json: { name: { fi: 'A tag' } } })).json()) as {
        id: string;
      };
      await app.request(`/api/v1/conversations/${chat.conversationId}/tags`, {
        method: 'PUT',
        cookie: cookieA,
        json: { tagIds: [tag.id] },
      });
      const queue = await app.db
        .selectFrom('conversations')
        .select('queue_id')
        .where('id', '=', chat.conversationId)
        .executeTakeFirstOrThrow();
      const firstMessage = await app.db
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', chat.conversationId)
        .executeTakeFirstOrThrow();
      const attachment = await app.db
        .insertInto('message_attachments')
        .values({
          library_id: libraryA.id,
          conversation_id: chat.conversationId,
          message_id: firstMessage.id,
          filename: 'secret.pdf',
          content_type: 'application/pdf',
          size: 6,
          content: Buffer.from('secret'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      a = {
        attachmentId: attachment.id,
        conversationId: chat.conversationId,
        customerId: customer.customer_id,
        accountId: staffA.id,
        slug: libraryA.slug,
        savedReplyId: savedReply.id,
        tagId: tag.id,
        queueId: queue.queue_id!,
      };
      snapshot = async () => {
        const tables = await Promise.all(
          (
            [
              'accounts',
              'customers',
              'conversations',
              'messages',
              'libraries',
              'saved_replies',
              'tags',
              'conversation_tags',
              'queues',
              'queue_members',
              'routing_rules',
            ] as const
          ).map((table) =>
            app.db
              .selectFrom(table)
              .selectAll()
              .where(table === 'libraries' ? 'id' : 'library_id', '=', libraryA.id)
              .execute(),
          ),
        );
        return JSON.stringify(tables);
      };
    });
    after(() => app.close());

    test('every API route has an isolation case', async () => {
      const openapi = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(openapi.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      );
      assert.ok(routes.length >= 20, 'the OpenAPI description lists the routes');
      const missing = routes.filter((r) => !(r in cases));
      assert.deepEqual(missing, [], 'routes without a tenant-isolation case');
    });

    test("library B's admin gets 404 for every id of library A, and nothing of A changes", async () => {
      const before = await snapshot();
      for (const [route, c] of Object.entries(cases)) {
        if (typeof c === 'string') continue;
        const method = route.split(' ')[0]!;
        const body = c.body?.(a);
        const response = await app.request(c.path(a), { method, cookie: cookieB, ...(body !== undefined ? { json: body } : {}) });
        assert.ok(c.expect.includes(response.status), `${route}: expected ${c.expect.join('/')}, got ${response.status}`);
        const text = await response.text();
        assert.ok(!text.includes('library A secret') && !text.includes('A customer'), `${route} leaked A's data`);
      }
      assert.equal(await snapshot(), before, "library A's rows changed");
    });

    test("B's lists never show A's rows", async () => {
      for (const path of [
        '/api/v1/conversations',
        '/api/v1/conversations?status=open',
        `/api/v1/conversations?tag=${a.tagId}`,
        '/api/v1/accounts',
        '/api/v1/audit',
        '/api/v1/saved-replies',
        '/api/v1/saved-replies?q=secret',
        '/api/v1/tags',
        `/api/v1/conversations?queue=${a.queueId}`,
        '/api/v1/conversations?queue=mine&sort=due',
        '/api/v1/queues',
        '/api/v1/routing-rules',
      ]) {
        const response = await app.request(path, { cookie: cookieB });
        assert.equal(response.status, 200);
        const text = await response.text();
        assert.ok(
          !text.includes(a.conversationId) &&
            !text.includes(a.accountId) &&
            !text.includes('library A secret') &&
            !text.includes(a.tagId) &&
            !text.includes(a.queueId),
          `${path} leaked`,
        );
      }
      const library = (await (await app.request('/api/v1/library', { cookie: cookieB })).json()) as { slug: string };
      assert.notEqual(library.slug, a.slug);
    });

    test("B's staff socket never receives A's events, and cannot replay A's conversation", async () => {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: cookieB });
      await socket.waitFor((f) => f.type === 'ready');
      socket.send({ type: 'subscribe', conversationId: a.conversationId, lastSeq: 0 });
      await socket.waitFor((f) => f.type === 'subscribed');
      const chat = (await (
        await app.request(`/api/v1/public/libraries/${a.slug}/chats`, { json: { language: 'fi', body: 'another A message' } })
      ).json()) as { conversationId: string };
      assert.ok(chat.conversationId);
      // A marker event in B's own library proves the socket was live while A's message passed.
      const own = await app.request('/api/v1/library', { cookie: cookieB });
      const slugB = ((await own.json()) as { slug: string }).slug;
      await app.request(`/api/v1/public/libraries/${slugB}/chats`, { json: { language: 'fi', body: 'B marker' } });
      await socket.waitFor((f) => f.type === 'message' && (f.message as { body: string }).body === 'B marker');
      const leaked = socket.frames.filter(
        (f) => JSON.stringify(f).includes('library A secret') || JSON.stringify(f).includes('another A message'),
      );
      assert.deepEqual(leaked, []);
      socket.close();
    });

    test("A's ids inside B's own requests (bodies, query strings, the customer socket) reach nothing of A", async () => {
      const slugB = ((await (await app.request('/api/v1/library', { cookie: cookieB })).json()) as { slug: string }).slug;
      const chatB = (await (
        await app.request(`/api/v1/public/libraries/${slugB}/chats`, { json: { language: 'fi', body: 'B question' } })
      ).json()) as { conversationId: string; customerToken: string };
      const chatA = (await (
        await app.request(`/api/v1/public/libraries/${a.slug}/chats`, { json: { language: 'fi', body: 'library A secret, again' } })
      ).json()) as { conversationId: string; customerToken: string };
      // A's conversation is A's staff member's, so that filtering by that account could find it.
      await app.db.updateTable('conversations').set({ assignee_id: a.accountId }).where('id', '=', a.conversationId).execute();
      const before = await snapshot();

      // Assigning B's own conversation to A's staff member: no such account here.
      const assign = await app.request(`/api/v1/conversations/${chatB.conversationId}/assign`, {
        cookie: cookieB,
        json: { assigneeId: a.accountId },
      });
      assert.equal(assign.status, 404);
      const conversationB = (await (await app.request(`/api/v1/conversations/${chatB.conversationId}`, { cookie: cookieB })).json()) as {
        assignee: unknown;
      };
      assert.equal(conversationB.assignee, null);

      // B's own conversation cannot carry A's topic tag.
      const tagged = await app.request(`/api/v1/conversations/${chatB.conversationId}/tags`, {
        method: 'PUT',
        cookie: cookieB,
        json: { tagIds: [a.tagId] },
      });
      assert.equal(tagged.status, 404);

      // Filters naming A's customer or staff member find nothing.
      for (const query of [`customer=${a.customerId}`, `assignee=${a.accountId}`]) {
        const response = await app.request(`/api/v1/conversations?${query}`, { cookie: cookieB });
        assert.equal(response.status, 200, query);
        assert.deepEqual(((await response.json()) as { items: unknown[] }).items, [], query);
      }

      // A customer's token opens only that customer's own conversations.
      for (const [token, conversationId] of [
        [chatB.customerToken, chatA.conversationId],
        [chatA.customerToken, chatB.conversationId],
      ] as const) {
        const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
        socket.send({ type: 'hello', token, conversationId, lastSeq: 0 });
        const error = await socket.waitFor((f) => f.type === 'error');
        assert.equal(error.code, 'unauthenticated');
        assert.ok(!socket.frames.some((f) => JSON.stringify(f).includes('secret') || JSON.stringify(f).includes('B question')));
        socket.close();
      }
      assert.equal(await snapshot(), before, "library A's rows changed");
    });

    test("a customer of B cannot end A's chat, with A's slug or B's, nor another customer's chat in A", async () => {
      const slugB = ((await (await app.request('/api/v1/library', { cookie: cookieB })).json()) as { slug: string }).slug;
      const start = async (slug: string, body: string) =>
        (await (await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body } })).json()) as {
          conversationId: string;
          customerToken: string;
        };
      const chatB = await start(slugB, 'B leaving');
      const otherA = await start(a.slug, 'another customer of A');
      const before = await snapshot();
      for (const [slug, token, conversationId, status] of [
        [a.slug, chatB.customerToken, a.conversationId, 401],
        [slugB, chatB.customerToken, a.conversationId, 404],
        [a.slug, otherA.customerToken, a.conversationId, 404],
      ] as const) {
        const response = await app.request(`/api/v1/public/libraries/${slug}/chats/${conversationId}/leave`, {
          json: { customerToken: token },
        });
        assert.equal(response.status, status, `${slug} ${conversationId}`);
        assert.ok(!(await response.text()).includes('secret'));
      }
      assert.equal(await snapshot(), before, "library A's rows changed");
    });

    test('ids that do not exist anywhere answer the same 404 as foreign ones', async () => {
      const response = await app.request(`/api/v1/conversations/${randomUUID()}`, { cookie: cookieB });
      assert.equal(response.status, 404);
      const foreign = await app.request(`/api/v1/conversations/${a.conversationId}`, { cookie: cookieB });
      assert.deepEqual(await foreign.json(), await response.json());
    });
  });
}
