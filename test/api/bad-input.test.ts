// Bad input gets a clear 4xx with a stable code and loses nothing; never a 500 or a stack.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

async function expectError(response: Response, status: number, code: string): Promise<{ code: string; message: string; details?: unknown }> {
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

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      cookie = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'hei' } });
      conversationId = ((await chat.json()) as { conversationId: string }).conversationId;
    });
    after(() => app.close());

    const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      app.request(path, { method: 'POST', body, headers: { ...headers, cookie } });

    test('malformed JSON, wrong media type, oversized body', async () => {
      await expectError(await post(`/api/v1/conversations/${conversationId}/messages`, '{"body": "x"'), 400, 'invalid_json');
      await expectError(await post(`/api/v1/conversations/${conversationId}/messages`, 'body=x', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
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
      await expectError(await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: '   ' }, cookie }), 400, 'validation_failed');
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
      await expectError(await app.request('/api/v1/conversations', { headers: { cookie: 'kanava_session=forged' } }), 401, 'unauthenticated');
      const library = await buildLibrary(app.db);
      const staffCookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      await expectError(await app.request('/api/v1/accounts', { json: { email: 'x@example.test', displayName: 'X', role: 'admin', password: 'long enough password' }, cookie: staffCookie }), 403, 'forbidden');
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
      const fi = await expectError(await app.request('/api/v1/conversations', { headers: { 'accept-language': 'fi' } }), 401, 'unauthenticated');
      const sv = await expectError(await app.request('/api/v1/conversations', { headers: { 'accept-language': 'sv-FI' } }), 401, 'unauthenticated');
      const en = await expectError(await app.request('/api/v1/conversations', { headers: { 'accept-language': 'en-GB' } }), 401, 'unauthenticated');
      assert.equal(new Set([fi.message, sv.message, en.message]).size, 3);
    });

    test('garbage on every route never gives a 500', async () => {
      const openapi = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const garbage = ['null', '[]', '"x"', '123', '{"body": null}', '{"status": 5}', '{"assigneeId": "x"}', '{"email": [], "password": {}}', '{"a":1e309}', '{"__proto__": {"x": 1}}'];
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
    for (let i = 0; i < 12; i += 1) {
      const response = await app.request('/api/v1/auth/login', { json: { email: 'nobody@example.test', password: `guess-${i}` } });
      statuses.push(response.status);
      await response.text();
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.equal(statuses[10], 429);
  });
});
