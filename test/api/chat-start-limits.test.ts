// New chats have their own budget, apart from the general limit on public requests: per
// client address (a school class of 30 behind one address still gets through) and per
// library, answered 429 rate_limited with Retry-After. A start retried with the same
// customer token continues its conversation and is not counted again. A customer token the
// client chose must look random. On PostgreSQL every app instance counts against the same
// limits (the counters are in the database).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { languages } from '../../src/contract/languages.js';
import { loadConfig } from '../../src/platform/config.js';
import { t } from '../../src/platform/i18n.js';
import { onlyOnPostgres, startTestApp, useTwoInstances, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildLibrary } from '../support/factories.js';

const token = () => randomBytes(32).toString('base64url');

function start(app: TestApp, slug: string, json: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', ...json }, headers });
}

interface ErrorBody {
  error: { code: string; message: string; details?: { seconds?: number; issues?: { path: string; message: string }[] } };
}

/** A 429 rate_limited with a Retry-After of 1..windowSeconds, its message naming those seconds. */
async function expectLimited(response: Response, windowSeconds: number): Promise<ErrorBody['error']> {
  const text = await response.text();
  assert.equal(response.status, 429, text);
  const retryAfter = Number(response.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= windowSeconds, `Retry-After ${retryAfter}`);
  const { error } = JSON.parse(text) as ErrorBody;
  assert.equal(error.code, 'rate_limited');
  assert.equal(error.details?.seconds, retryAfter);
  assert.ok(error.message.includes(String(retryAfter)), error.message);
  return error;
}

for (const backend of testBackends()) {
  describe(`chat start budget with the default limits [${backend}]`, () => {
    const defaults = loadConfig({});
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend, {
        KANAVA_CHAT_START_LIMIT: String(defaults.chatStartLimit),
        KANAVA_CHAT_START_LIBRARY_LIMIT: String(defaults.chatStartLibraryLimit),
      });
    });
    after(() => app.close());

    test('a class of 30 starting chats from one address gets through; the address’s budget then runs out', async () => {
      const library = await buildLibrary(app.db);
      assert.ok(defaults.chatStartLimit >= 30 && defaults.chatStartLimit <= 100, `default per-address budget ${defaults.chatStartLimit}`);
      const statuses: number[] = [];
      for (let i = 0; i < defaults.chatStartLimit; i += 1) {
        const response = await start(app, library.slug, { customerToken: token(), body: `kysymys ${i}`, clientId: `client-${i}-xyz` });
        statuses.push(response.status);
        await response.text();
      }
      assert.deepEqual(statuses, Array(defaults.chatStartLimit).fill(201));
      await expectLimited(await start(app, library.slug), defaults.chatStartWindowMs / 1000);
      // The budget is for new chats only: the library's widget information still answers.
      assert.equal((await app.request(`/api/v1/public/libraries/${library.slug}/widget`)).status, 200);
    });
  });

  describe(`chat start budget [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend, {
        KANAVA_TRUST_PROXY: '1',
        KANAVA_CHAT_START_LIMIT: '3',
        KANAVA_CHAT_START_LIBRARY_LIMIT: '5',
        KANAVA_CHAT_START_WINDOW: '120',
      });
    });
    after(() => app.close());

    const from = (address: string) => ({ 'x-forwarded-for': address });

    test('a start retried with the same token continues its chat and is not counted again', async () => {
      const library = await buildLibrary(app.db);
      const address = from('192.0.2.10');
      const first = token();
      const ids = new Set<string>();
      for (let i = 0; i < 4; i += 1) {
        const response = await start(app, library.slug, { customerToken: first, body: 'hei', clientId: 'first-message' }, address);
        assert.equal(response.status, 201);
        ids.add(((await response.json()) as { conversationId: string }).conversationId);
      }
      assert.equal(ids.size, 1);
      for (let i = 0; i < 2; i += 1) assert.equal((await start(app, library.slug, { customerToken: token() }, address)).status, 201);
      await expectLimited(await start(app, library.slug, { customerToken: token() }, address), 120);
      // Without a token of its own a start is always new, and counted.
      await expectLimited(await start(app, library.slug, {}, address), 120);
      // The refused address can still continue its own chat, and another address can start one.
      assert.equal((await start(app, library.slug, { customerToken: first, body: 'hei', clientId: 'first-message' }, address)).status, 201);
      assert.equal((await start(app, library.slug, {}, from('192.0.2.11'))).status, 201);
    });

    test('a library’s budget covers every address; another library has its own', async () => {
      const library = await buildLibrary(app.db);
      for (let i = 0; i < 5; i += 1) assert.equal((await start(app, library.slug, {}, from(`198.51.100.${i + 1}`))).status, 201);
      for (const language of languages) {
        const error = await expectLimited(
          await start(app, library.slug, {}, { ...from('198.51.100.99'), 'accept-language': language }),
          120,
        );
        const seconds = Number(/\d+/.exec(error.message)?.[0]);
        assert.equal(error.message, t(language, 'error.rate_limited.chat_starts_library', { seconds }));
      }
      const another = await buildLibrary(app.db);
      assert.equal((await start(app, another.slug, {}, from('198.51.100.1'))).status, 201);
    });

    test('the per-address refusal says so in the caller’s language', async () => {
      const library = await buildLibrary(app.db);
      for (let i = 0; i < 3; i += 1) assert.equal((await start(app, library.slug, {}, from('203.0.113.7'))).status, 201);
      for (const language of languages) {
        const error = await expectLimited(await start(app, library.slug, {}, { ...from('203.0.113.7'), 'accept-language': language }), 120);
        const seconds = Number(/\d+/.exec(error.message)?.[0]);
        assert.equal(error.message, t(language, 'error.rate_limited.chat_starts_address', { seconds }));
      }
    });
  });

  describe(`a client-chosen customer token must look random [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    test('a made-up token is refused with 400 in the caller’s language; a random one is taken', async () => {
      const library = await buildLibrary(app.db);
      const weak = ['A'.repeat(43), 'AB'.repeat(22), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ', randomBytes(32).toString('hex')];
      for (const customerToken of weak) {
        for (const language of languages) {
          const response = await start(app, library.slug, { customerToken }, { 'accept-language': language });
          const text = await response.text();
          assert.equal(response.status, 400, `${customerToken}: ${text}`);
          const { error } = JSON.parse(text) as ErrorBody;
          assert.equal(error.code, 'validation_failed');
          const issue = error.details?.issues?.find((i) => i.path === 'body.customerToken');
          assert.ok(issue, text);
          assert.equal(issue.message, t(language, 'validation.customer_token_not_random'));
        }
      }
      const taken = await start(app, library.slug, { customerToken: token() });
      assert.equal(taken.status, 201);
    });
  });
}

describe('rate limits shared by two instances on PostgreSQL', onlyOnPostgres, () => {
  const instances = useTwoInstances({ KANAVA_PUBLIC_RATE_LIMIT: '6', KANAVA_CHAT_START_LIMIT: '4' });

  test('chat starts split across both instances hit the limit at the limit, not at twice it', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await start(i % 2 === 0 ? a : b, library.slug);
      statuses.push(response.status);
      await response.text();
    }
    assert.deepEqual(statuses, [201, 201, 201, 201, 429]);
  });

  test('a public endpoint’s limit counts the requests of both instances', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await (i % 2 === 0 ? a : b).request(`/api/v1/public/libraries/${library.slug}/widget`);
      statuses.push(response.status);
      await response.text();
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
