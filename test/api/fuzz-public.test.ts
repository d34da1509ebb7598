// Every route the app has, fed a bounded, seeded set of hostile input (path parameters,
// wildcard paths, query strings, headers, bodies): never a 5xx, every 4xx in our error shape,
// and nothing in the log at error level, which is for our faults only (issue 14). The same
// seed sends the same requests; a failure names the request to send again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { buildFrontEndsUnderLock } from '../support/front-ends.js';
import { appRoutes, hostileJson, hostileString, pick, seeded, type Rng, type Route } from '../support/fuzz.js';
import { LEVEL, LogCapture } from '../support/log.js';
import { errorShape, rawRequest } from '../support/raw-http.js';

const SEED = 0x4b414e41;
const REQUESTS = 400;
// A bound on the time as well as the count, so a slow machine stays within a few seconds.
const TIME_BUDGET_MS = 6000;
const CONCURRENCY = 4;

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: unknown }>>;
}

/** Property and parameter names an operation knows, so that input gets past "unknown key". */
function namesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) namesIn(item, into);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'properties' && inner && typeof inner === 'object') for (const name of Object.keys(inner)) into.add(name);
      if (key === 'name' && typeof inner === 'string') into.add(inner);
      namesIn(inner, into);
    }
  }
  return into;
}

for (const backend of testBackends()) {
  describe(`fuzz every route [${backend}]`, () => {
    let app: TestApp;
    const log = new LogCapture();
    let cookie: string;
    let openapi: OpenApi;
    const real: Record<string, string[]> = {};

    before(async () => {
      buildFrontEndsUnderLock();
      app = await startTestApp(backend, {}, { log });
      const library = await buildLibrary(app.db);
      const admin = await buildAccount(app.db, library, { role: 'admin' });
      cookie = await app.signIn(admin);
      const chat = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: { language: 'fi', body: 'hei' } });
      const { conversationId } = (await chat.json()) as { conversationId: string };
      // Real values for path parameters, so part of the input reaches the services.
      real.slug = [library.slug];
      real.id = [conversationId, admin.id];
      openapi = (await (await app.request('/api/openapi.json')).json()) as OpenApi;
    });
    after(() => app.close());

    function names(route: Route): string[] {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      return [...namesIn(openapi.paths[path]?.[route.method.toLowerCase()] ?? {})];
    }

    function pathFor(rng: Rng, route: Route): string {
      let path = route.url.replace(/:(\w+)/g, (_, name: string) =>
        real[name] && rng() < 0.3 ? pick(rng, real[name]) : encodeURI(hostileString(rng)).replace(/%25/g, pick(rng, ['%', '%25'])),
      );
      if (path.endsWith('*')) path = path.slice(0, -1) + pick(rng, ['kanava-widget.js', 'index.html', '', hostileString(rng)]);
      // Odd shapes of the whole path: doubled slashes, dot segments, a trailing NUL.
      const r = rng();
      if (r < 0.1) path = path.replace('/', '//');
      else if (r < 0.2) path = path.replace(/\/([^/]*)$/, '/./$1');
      else if (r < 0.25) path += '%00';
      else if (r < 0.3) path = path.replace(/\/([^/]*)$/, '/%2e%2e/$1');
      if (rng() < 0.4) {
        const keys = names(route);
        const pairs = Array.from({ length: Math.floor(rng() * 4) + 1 }, () => {
          const key = keys.length > 0 && rng() < 0.7 ? pick(rng, keys) : hostileString(rng);
          return `${encodeURIComponent(key)}=${rng() < 0.5 ? encodeURIComponent(hostileString(rng)) : hostileString(rng)}`;
        });
        path += `?${pairs.join('&')}`;
      }
      return path;
    }

    function headersFor(rng: Rng, route: Route): Record<string, string> {
      const headers: Record<string, string> = {
        'accept-language': pick(rng, ['fi', 'sv', 'en', 'xx', '*', 'sv-FI;q=2', '']),
      };
      // Signing out with the shared session would leave the rest of the run signed out.
      if (rng() < 0.5 && route.url !== '/api/v1/auth/logout') headers.cookie = cookie;
      else if (rng() < 0.2) headers.cookie = `kanava_session=${hostileString(rng)}`;
      if (rng() < 0.15) headers.range = pick(rng, ['bytes=99999999-', 'bytes=abc', 'bytes=0-0,5-1,-', 'lines=1-2']);
      if (rng() < 0.1) headers['if-match'] = pick(rng, ['"x"', '*', 'W/"y"']);
      if (rng() < 0.1) headers['if-unmodified-since'] = pick(rng, ['Mon, 01 Jan 1990 00:00:00 GMT', 'yesterday']);
      if (rng() < 0.1) headers['if-none-match'] = pick(rng, ['*', '"x"']);
      if (rng() < 0.1) headers.origin = pick(rng, ['https://evil.example', 'null']);
      if (rng() < 0.1) headers['x-forwarded-for'] = hostileString(rng);
      // What Node lets a client send in a header: Latin-1 without control characters.
      for (const [name, value] of Object.entries(headers)) headers[name] = value.replace(/[^\x20-\x7e\x80-\xff]/g, '?');
      return headers;
    }

    function bodyFor(rng: Rng, route: Route, headers: Record<string, string>): Buffer | undefined {
      if (route.method === 'GET' || route.method === 'HEAD' || route.method === 'OPTIONS') return undefined;
      headers['content-type'] = pick(rng, [
        'application/json',
        'application/json',
        'application/json; charset=latin1',
        'text/plain',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        hostileString(rng).replace(/[^\x20-\x7e]/g, ''),
      ]);
      const r = rng();
      if (r < 0.6) return Buffer.from(JSON.stringify(hostileJson(rng, names(route))) ?? 'null');
      if (r < 0.75) return randomBytesFrom(rng, Math.floor(rng() * 300));
      if (r < 0.85) return Buffer.from(pick(rng, ['', '{', '{"a":', '[1,', '"\\ud800"', '{"__proto__":{"x":1}}', 'null']));
      return Buffer.from(JSON.stringify({ body: 'x'.repeat(70 * 1024) }));
    }

    function randomBytesFrom(rng: Rng, length: number): Buffer {
      return Buffer.from(Array.from({ length }, () => Math.floor(rng() * 256)));
    }

    test('seeded hostile input: never a 5xx, every 4xx in our shape, nothing logged at error', async () => {
      const routes = appRoutes(app.runtime.app, ['/widget/', '/app/']);
      for (const expected of [
        'GET /widget/*',
        'GET /app/*',
        'GET /demo/:slug',
        'POST /api/v1/public/libraries/:slug/chats',
        'GET /api/v1/ws',
      ]) {
        assert.ok(
          routes.some((r) => `${r.method} ${r.url}` === expected),
          `${expected} not found among the routes: ${routes.map((r) => `${r.method} ${r.url}`).join(', ')}`,
        );
      }
      const rng = seeded(SEED);
      // Drawn up front, in order, so the same seed makes the same requests whatever the timing.
      const requests = Array.from({ length: REQUESTS }, (_, i) => {
        // Every route at least once, then at random.
        const route = i < routes.length ? routes[i]! : pick(rng, routes);
        const path = pathFor(rng, route);
        const headers = headersFor(rng, route);
        const body = bodyFor(rng, route, headers);
        return { n: i, method: route.method, path, headers, body };
      });
      const failures: string[] = [];
      const deadline = Date.now() + TIME_BUDGET_MS;
      let next = 0;
      let sent = 0;
      const worker = async () => {
        while (next < requests.length && Date.now() < deadline) {
          const request = requests[next++]!;
          const what = `#${request.n} ${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 300)}`;
          let response;
          try {
            response = await rawRequest(app.baseUrl, request.path, request);
          } catch (error) {
            failures.push(`${what}: no answer (${String(error)})`);
            continue;
          }
          sent += 1;
          if (response.status >= 500) failures.push(`${what}: ${response.status} ${response.body.slice(0, 200)}`);
          else if (response.status >= 400 && request.method !== 'HEAD' && !response.truncated && !errorShape(response)) {
            failures.push(`${what}: ${response.status} not in our error shape: ${response.body.slice(0, 200)}`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await sleep(50);
      assert.ok(sent >= routes.length, `only ${sent} requests within the time budget`);
      assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${sent} requests failed`);
      const errors = log.atLeast(LEVEL.error);
      assert.equal(errors.length, 0, `logged at error level:\n${LogCapture.show(errors.slice(0, 5))}`);
    });
  });
}
