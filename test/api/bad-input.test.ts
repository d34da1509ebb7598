// Bad input gets a clear 4xx with a stable code and loses nothing; never a 500 or a stack.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import type { LibraryRow } from '../../src/domains/libraries/store.js';

async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; details?: unknown }> {
  const text = await response.text();
  assert.equal(response.status, status, `expected ${status} ${code}, got ${response.status}: ${text}`);
  const body = JSON.parse(text) as { error: { code: string; message: string; details?: unknown } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0);
  assert.ok(!/\bat .*\.(ts|js):\d+/.test(text), 'no stack trace');
  return body.error;
}

for (const backend of testBackends()) {
  describe(`bad input [${backend}]`, () => {
    let app: TestApp;
    let cookie: string;
    let slug: string;
    let conversationId: string;
    let library: LibraryRow;
    let admin: TestAccount;

    before(async () => {
      app = await startTestApp(backend);
      library = await buildLibrary(app.db);
      slug = library.slug;
      admin = await buildAccount(app.db, library, { role: 'admin' });
      cookie = await app.signIn(admin);
      const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'hei' } });
      conversationId = ((await chat.json()) as { conversationId: string }).conversationId;
    });
    after(() => app.close());

    const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      app.request(path, { method: 'POST', body, headers: { ...headers, cookie } });

    test('malformed JSON, wrong media type, oversized body', async () => {
      await expectError(await post(`/api/v1/conversations/${conversationId}/messages`, '{"body": "x"'), 400, 'invalid_json');
      await expectError(
        await post(`/api/v1/conversations/${conversationId}/messages`, 'body=x', { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
      );
      const huge = JSON.stringify({ body: 'x'.repeat(70 * 1024) });
      const error = await expectError(await post(`/api/v1/conversations/${conversationId}/messages`, huge), 413, 'payload_too_large');
      assert.match(error.message, /64 KiB/);
    });

    test('a message over 5,000 characters is refused naming the field; nothing is stored', async () => {
      const before = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute();
      const error = await expectError(
        await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'x'.repeat(5001) }, cookie }),
        400,
        'validation_failed',
      );
      assert.match(error.message, /body/);
      assert.match(error.message, /5000/);
      const afterRows = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute();
      assert.equal(afterRows.length, before.length);
      await expectError(
        await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: '   ' }, cookie }),
        400,
        'validation_failed',
      );
    });

    test('bad and unknown ids, unknown routes', async () => {
      await expectError(await app.request('/api/v1/conversations/not-a-uuid', { cookie }), 400, 'validation_failed');
      await expectError(await app.request(`/api/v1/conversations/${randomUUID()}`, { cookie }), 404, 'not_found');
      await expectError(await app.request(`/api/v1/customers/${randomUUID()}`, { cookie }), 404, 'not_found');
      await expectError(await app.request('/api/v1/no-such-thing', { cookie }), 404, 'route_not_found');
      await expectError(await app.request('/api/v1/conversations?cursor=garbage', { cookie }), 400, 'validation_failed');
      await expectError(await app.request('/api/v1/conversations?limit=100000', { cookie }), 400, 'validation_failed');
      await expectError(await app.request('/api/v1/public/libraries/no-such-library/widget'), 404, 'not_found');
    });

    test('unauthenticated and forbidden', async () => {
      await expectError(await app.request('/api/v1/conversations'), 401, 'unauthenticated');
      await expectError(
        await app.request('/api/v1/conversations', { headers: { cookie: 'kanava_session=forged' } }),
        401,
        'unauthenticated',
      );
      const library = await buildLibrary(app.db);
      const staffCookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      await expectError(
        await app.request('/api/v1/accounts', {
          json: { email: 'x@example.test', displayName: 'X', role: 'admin', password: 'long enough password' },
          cookie: staffCookie,
        }),
        403,
        'forbidden',
      );
      await expectError(await app.request('/api/v1/audit', { cookie: staffCookie }), 403, 'forbidden');
    });

    test('script tags are stored and returned as plain text', async () => {
      const body = '<script>alert("x")</script><img src=x onerror=alert(1)>';
      const created = await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body }, cookie });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get('content-type')?.startsWith('application/json'), true);
      assert.equal(((await created.json()) as { body: string }).body, body);
    });

    test('messages follow Accept-Language', async () => {
      const fi = await expectError(
        await app.request('/api/v1/conversations', { headers: { 'accept-language': 'fi' } }),
        401,
        'unauthenticated',
      );
      const sv = await expectError(
        await app.request('/api/v1/conversations', { headers: { 'accept-language': 'sv-FI' } }),
        401,
        'unauthenticated',
      );
      const en = await expectError(
        await app.request('/api/v1/conversations', { headers: { 'accept-language': 'en-GB' } }),
        401,
        'unauthenticated',
      );
      assert.equal(new Set([fi.message, sv.message, en.message]).size, 3);
    });

    test('NUL characters in free text are refused naming the field; nothing is stored', async () => {
      const nul = 'A\u0000B';
      const email = `nul-${randomUUID()}@example.test`;
      const created = await expectError(
        await app.request('/api/v1/accounts', {
          json: { email, displayName: nul, role: 'staff', password: 'long enough password' },
          cookie,
        }),
        400,
        'validation_failed',
      );
      assert.match(created.message, /body\.displayName/);
      assert.equal((await app.db.selectFrom('accounts').select('id').where('email', '=', email).execute()).length, 0);

      const colleague = await buildAccount(app.db, library, { role: 'staff' });
      await expectError(
        await app.request(`/api/v1/accounts/${colleague.id}`, { method: 'PATCH', json: { displayName: nul }, cookie }),
        400,
        'validation_failed',
      );
      const stored = await app.db.selectFrom('accounts').select('display_name').where('id', '=', colleague.id).executeTakeFirstOrThrow();
      assert.equal(stored.display_name, colleague.displayName);

      const libraryBefore = await app.db
        .selectFrom('libraries')
        .select(['name', 'settings', 'updated_at'])
        .where('id', '=', library.id)
        .executeTakeFirstOrThrow();
      for (const patch of [
        { name: { fi: nul } },
        { settings: { texts: { welcome: { fi: 'Hei', sv: nul, en: 'Hello' } } } },
        { settings: { texts: { offline: { fi: nul, sv: 'Hej', en: 'Hello' } } } },
        { settings: { contact: { phone: nul } } },
      ]) {
        const error = await expectError(
          await app.request('/api/v1/library', { method: 'PATCH', json: patch, cookie }),
          400,
          'validation_failed',
        );
        assert.match(error.message, /NUL/, JSON.stringify(patch));
      }
      const libraryAfter = await app.db
        .selectFrom('libraries')
        .select(['name', 'settings', 'updated_at'])
        .where('id', '=', library.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(libraryAfter, libraryBefore);

      const messagesBefore = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute();
      await expectError(
        await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: nul }, cookie }),
        400,
        'validation_failed',
      );
      const messagesAfter = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).execute();
      assert.equal(messagesAfter.length, messagesBefore.length);
    });

    test('forged cursors (an id of dashes, an absurd year, a day that does not exist) are refused', async () => {
      const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const forged = [
        forge(['2026-01-01T00:00:00.000Z', '-'.repeat(36)]),
        forge(['-271821-04-20T00:00:00.000Z', randomUUID()]),
        forge(['+275760-09-13T00:00:00.000Z', randomUUID()]),
        forge(['2026-02-31T00:00:00.000Z', randomUUID()]),
        forge(['2026-01-01', randomUUID()]),
        forge([0, randomUUID()]),
      ];
      for (const path of ['/api/v1/conversations', '/api/v1/audit']) {
        for (const cursor of forged) {
          const error = await expectError(await app.request(`${path}?cursor=${cursor}`, { cookie }), 400, 'validation_failed');
          assert.match(error.message, /cursor/);
        }
      }
      // A cursor the API wrote still pages on (a second conversation, a second sign-in to page to).
      await (await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'toinen' } })).text();
      await app.signIn(admin);
      for (const path of ['/api/v1/conversations', '/api/v1/audit']) {
        const first = (await (await app.request(`${path}?limit=1`, { cookie })).json()) as {
          items: { id: string }[];
          nextCursor: string | null;
        };
        assert.ok(first.nextCursor, `${path} has a second page`);
        const second = await app.request(`${path}?limit=1&cursor=${first.nextCursor}`, { cookie });
        assert.equal(second.status, 200);
        const page = (await second.json()) as { items: { id: string }[] };
        assert.notEqual(page.items[0]?.id, first.items[0]?.id);
      }
    });

    test('sequence numbers beyond PostgreSQL integer in ?after= are refused', async () => {
      for (const after of ['3000000000', '-1', '1.5', 'abc']) {
        await expectError(
          await app.request(`/api/v1/conversations/${conversationId}/messages?after=${after}`, { cookie }),
          400,
          'validation_failed',
        );
      }
      assert.equal((await app.request(`/api/v1/conversations/${conversationId}/messages?after=2147483647`, { cookie })).status, 200);
    });

    test('two concurrent creations of the same account: one 201, one 409 email_taken, one row', async () => {
      for (let round = 0; round < 3; round += 1) {
        const email = `twice-${randomUUID()}@example.test`;
        const body = { email, displayName: 'Twice', role: 'staff', password: 'long enough password' };
        const responses = await Promise.all([0, 1].map(() => app.request('/api/v1/accounts', { json: body, cookie })));
        const statuses = responses.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, 409]);
        const conflict = responses.find((r) => r.status === 409)!;
        await expectError(conflict, 409, 'email_taken');
        await responses.find((r) => r.status === 201)!.text();
        const rows = await app.db
          .selectFrom('accounts')
          .select('id')
          .where('library_id', '=', library.id)
          .where('email', '=', email)
          .execute();
        assert.equal(rows.length, 1);
      }
    });

    test('badly encoded and over-long paths get our error shape in the caller’s language', async () => {
      for (const path of ['/%E0%A4%A', '/api/v1/conversations/%E0%A4%A', '/api/v1/%']) {
        const fi = await expectError(await app.request(path, { cookie }), 400, 'validation_failed');
        const sv = await expectError(await app.request(path, { cookie, headers: { 'accept-language': 'sv' } }), 400, 'validation_failed');
        assert.notEqual(fi.message, sv.message);
        assert.match(sv.message, /adressen/);
      }
      await expectError(await app.request(`/api/v1/conversations/${'a'.repeat(300)}`, { cookie }), 400, 'validation_failed');
    });

    test('messages in fi and sv carry no English fragments', async () => {
      const inLanguage = (language: string, path: string, init: Parameters<TestApp['request']>[1] = {}) =>
        app.request(path, { ...init, cookie, headers: { 'accept-language': language } });
      const english = /\b(conversation|account|library|customer|the|must|not|found|cannot)\b/i;
      const cases: [string, number, string, string, Parameters<TestApp['request']>[1]?][] = [
        [`/api/v1/conversations/${randomUUID()}`, 404, 'not_found', 'conversation'],
        [`/api/v1/customers/${randomUUID()}`, 404, 'not_found', 'customer'],
        [`/api/v1/accounts/${randomUUID()}`, 404, 'not_found', 'account', { method: 'PATCH', json: { displayName: 'X' } }],
        [`/api/v1/conversations/${conversationId}/assign`, 404, 'not_found', 'account', { json: { assigneeId: randomUUID() } }],
        [`/api/v1/accounts/${admin.id}`, 409, 'conflict', 'own', { method: 'PATCH', json: { role: 'staff' } }],
        ['/api/v1/conversations?limit=100000', 400, 'validation_failed', 'limit'],
        ['/api/v1/conversations?status=nope', 400, 'validation_failed', 'status'],
        [`/api/v1/conversations/${conversationId}/messages`, 400, 'validation_failed', 'empty', { json: { body: '   ' } }],
        [`/api/v1/conversations/${conversationId}/messages`, 400, 'validation_failed', 'type', { json: { body: 5 } }],
        [`/api/v1/accounts/${admin.id}`, 400, 'validation_failed', 'no change', { method: 'PATCH', json: {} }],
      ];
      for (const [path, status, code, label, init] of cases) {
        const messages: string[] = [];
        for (const language of ['fi', 'sv']) {
          const error = await expectError(await inLanguage(language, path, init), status, code);
          const issues = (error.details as { issues?: { message: string }[] } | undefined)?.issues ?? [];
          // Field names in paths (body.displayName) are identifiers; the texts must be translated.
          for (const text of [error.message.replace(/\b(body|querystring|params)\.[\w.]+/g, ''), ...issues.map((i) => i.message)]) {
            assert.doesNotMatch(text, english, `${label} in ${language}: ${text}`);
          }
          messages.push(error.message);
        }
        assert.notEqual(messages[0], messages[1], `${label}: fi and sv differ`);
      }
      const sv = await expectError(await inLanguage('sv', `/api/v1/conversations/${randomUUID()}`), 404, 'not_found');
      assert.equal(sv.message, 'Konversationen hittades inte.');
      const fi = await expectError(await inLanguage('fi', `/api/v1/conversations/${randomUUID()}`), 404, 'not_found');
      assert.equal(fi.message, 'Keskustelua ei löytynyt.');
    });

    test('garbage on every route never gives a 500', async () => {
      const openapi = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const garbage = [
        'null',
        '[]',
        '"x"',
        '123',
        '{"body": null}',
        '{"status": 5}',
        '{"assigneeId": "x"}',
        '{"email": [], "password": {}}',
        '{"a":1e309}',
        '{"__proto__": {"x": 1}}',
      ];
      for (const [path, methods] of Object.entries(openapi.paths)) {
        for (const method of Object.keys(methods)) {
          const url = path.replace('{id}', conversationId).replace('{slug}', slug);
          for (const body of method === 'get' || method === 'delete' ? [undefined] : garbage) {
            const response = await app.request(`${url}${method === 'get' ? '?limit=-5&cursor=%00&status=nope' : ''}`, {
              method: method.toUpperCase(),
              cookie,
              ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
            });
            assert.ok(response.status < 500, `${method.toUpperCase()} ${url} with ${body}: ${response.status} ${await response.text()}`);
          }
        }
      }
    });
  });
}

describe('rate limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp(testBackends()[0] ?? 'pglite', { KANAVA_PUBLIC_RATE_LIMIT: '5' });
  });
  after(() => app.close());

  test('a public endpoint answers 429 with Retry-After after the limit', async () => {
    const library = await buildLibrary(app.db);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 7; i += 1) {
      const response = await app.request(`/api/v1/public/libraries/${library.slug}/widget`);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.text();
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.ok(limited, 'no 429');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const error = await expectError(limited, 429, 'rate_limited');
    assert.match(error.message, /\d+/);
  });

  test('password guessing is limited to 10 tries a minute', async () => {
    const statuses: number[] = [];
    // A new address each time: one address alone waits after five failures (sign-in-hardening.test.ts).
    for (let i = 0; i < 12; i += 1) {
      const response = await app.request('/api/v1/auth/login', { json: { email: `nobody-${i}@example.test`, password: `guess-${i}` } });
      statuses.push(response.status);
      await response.text();
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.equal(statuses[10], 429);
  });
});
