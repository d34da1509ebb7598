// Browser-facing hardening over real HTTP on both backends: the Content-Security-Policy of
// our pages, no caching of API answers, HSTS behind https, the Host check against DNS
// rebinding (with KANAVA_PUBLIC_URL), the Origin check by scheme, host and port, and names
// without control or text-direction characters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { t } from '../../src/platform/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';

const PUBLIC_URL = 'https://kanava.example.fi';

/** A request with a Host header of our choosing (fetch does not let one set Host). */
function raw(
  app: TestApp,
  path: string,
  options: { host: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: { ...options.headers, host: options.host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}

const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );

for (const backend of testBackends()) {
  describe(`security headers [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let libraryId: string;
    let admin: TestAccount;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      libraryId = library.id;
      admin = await buildAccount(app.db, library, { role: 'admin' });
      cookie = await app.signIn(admin);
    });
    after(() => app.close());

    test('our pages carry a strict Content-Security-Policy: no inline script or style, nothing from elsewhere, never framed', async () => {
      for (const path of [`/demo/${slug}?lang=en`, '/app/', '/app/some/route']) {
        const response = await app.request(path);
        const csp = directives(response.headers.get('content-security-policy'));
        assert.equal(csp.get('default-src'), "'self'", path);
        assert.equal(csp.get('script-src'), "'self'", path);
        assert.equal(csp.get('style-src'), "'self'", path);
        assert.equal(csp.get('img-src'), "'self' data:", path);
        assert.equal(csp.get('connect-src'), "'self'", path);
        assert.equal(csp.get('frame-ancestors'), "'none'", path);
        assert.equal(csp.get('base-uri'), "'none'", path);
        assert.equal(csp.get('form-action'), "'self'", path);
        assert.equal(csp.get('object-src'), "'none'", path);
      }
    });

    test('the demo page has no inline style or script: its style sheet is a file of ours', async () => {
      const html = await (await app.request(`/demo/${slug}?lang=fi`)).text();
      assert.doesNotMatch(html, /<style[\s>]/);
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'every script has a src');
      assert.doesNotMatch(html, /\sstyle=/);
      const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
      assert.ok(href, 'the page links its style sheet');
      const css = await app.request(href);
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
      assert.match(await css.text(), /font:/);
    });

    test('every answer to an authenticated API request, and the sign-in answer, is Cache-Control: no-store', async () => {
      const login = await app.request('/api/v1/auth/login', { json: { email: admin.email, password: admin.password } });
      assert.equal(login.status, 200);
      assert.equal(login.headers.get('cache-control'), 'no-store', 'sign-in');
      const me = await app.request('/api/v1/auth/me', { cookie });
      assert.equal(me.status, 200);
      const conversation = await startChat();
      const customer = await app.request(`/api/v1/conversations/${conversation}`, { cookie });
      const customerId = ((await customer.json()) as { customer: { id: string } }).customer.id;
      const answers = {
        me,
        signedOut: await app.request('/api/v1/auth/me'),
        conversations: await app.request('/api/v1/conversations', { cookie }),
        conversation: customer,
        messages: await app.request(`/api/v1/conversations/${conversation}/messages`, { cookie }),
        reply: await app.request(`/api/v1/conversations/${conversation}/messages`, { cookie, json: { body: 'Vastaus' } }),
        customer: await app.request(`/api/v1/customers/${customerId}`, { cookie }),
        accounts: await app.request('/api/v1/accounts', { cookie }),
        audit: await app.request('/api/v1/audit', { cookie }),
        library: await app.request('/api/v1/library', { cookie }),
      };
      for (const [name, response] of Object.entries(answers)) {
        assert.ok(response.status < 500, `${name}: ${response.status}`);
        assert.equal(response.headers.get('cache-control'), 'no-store', name);
      }
      assert.equal(answers.signedOut.status, 401);
      assert.equal(answers.reply.status, 201);
    });

    test('no HSTS without an https public URL', async () => {
      assert.equal((await app.request('/healthz')).headers.get('strict-transport-security'), null);
    });

    test('without KANAVA_PUBLIC_URL the Origin must match the request’s own scheme, host and port', async () => {
      const own = new URL(app.baseUrl);
      const change = (origin: string) =>
        app.request('/api/v1/auth/password', {
          cookie,
          headers: { origin },
          json: { currentPassword: 'not-the-password', newPassword: 'a-new-password-long-enough' },
        });
      for (const origin of [`https://${own.host}`, `http://${own.hostname}:1`, `ws://${own.host}`]) {
        const response = await change(origin);
        assert.equal(response.status, 403, origin);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'cross_site_request');
      }
      // Our own origin gets past the check to the route (which refuses the wrong password).
      assert.equal((await change(app.baseUrl)).status, 400);
      // X-Forwarded-Proto is believed only from a trusted proxy: not here.
      const spoofed = await app.request('/api/v1/auth/password', {
        cookie,
        headers: { origin: `https://${own.host}`, 'x-forwarded-proto': 'https' },
        json: { currentPassword: 'not-the-password', newPassword: 'a-new-password-long-enough' },
      });
      assert.equal(spoofed.status, 403);
    });

    test('signing in from another site is refused', async () => {
      const response = await app.request('/api/v1/auth/login', {
        headers: { origin: 'https://evil.example' },
        json: { email: admin.email, password: admin.password },
      });
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('set-cookie'), null);
    });

    test('names with control or text-direction characters are refused with the catalogue message; other scripts are fine', async () => {
      const spoofs = ['Eve\u202Egnp.exe', 'A\u2067B', 'Mark\u200F', 'Tab\tname', 'C1\u0085x', 'Arabic\u061Cmark'];
      for (const displayName of spoofs) {
        const response = await app.request('/api/v1/accounts', {
          cookie,
          headers: { 'accept-language': 'sv' },
          json: { email: `n-${randomUUID()}@example.test`, displayName, role: 'staff', password: 'long enough password' },
        });
        assert.equal(response.status, 400, JSON.stringify(displayName));
        const body = (await response.json()) as { error: { code: string; details: { issues: { path: string; message: string }[] } } };
        assert.equal(body.error.code, 'validation_failed');
        assert.deepEqual(body.error.details.issues, [{ path: 'body.displayName', message: t('sv', 'validation.name_control_character') }]);
      }
      const colleague = await buildAccount(app.db, { id: libraryId });
      const patch = await app.request(`/api/v1/accounts/${colleague.id}`, { method: 'PATCH', cookie, json: { displayName: 'X\u202Ey' } });
      assert.equal(patch.status, 400);
      const start = await app.request(`/api/v1/public/libraries/${slug}/chats`, {
        headers: { 'accept-language': 'fi' },
        json: { language: 'fi', name: 'Matti\u202E12:00', body: 'Hei' },
      });
      assert.equal(start.status, 400);
      const startBody = (await start.json()) as { error: { details: { issues: { path: string; message: string }[] } } };
      assert.deepEqual(startBody.error.details.issues, [{ path: 'body.name', message: t('fi', 'validation.name_control_character') }]);
      const library = await app.request('/api/v1/library', { method: 'PATCH', cookie, json: { name: { en: 'Library\u202E' } } });
      assert.equal(library.status, 400);

      // Names in other scripts, with accents and joiners, are names.
      for (const displayName of ['Åsa Öberg-Ääri', 'مريم', 'אורי כהן', '👩‍💻 Tuija']) {
        const response = await app.request('/api/v1/accounts', {
          cookie,
          json: { email: `n-${randomUUID()}@example.test`, displayName, role: 'staff', password: 'long enough password' },
        });
        assert.equal(response.status, 201, displayName);
      }
    });

    async function startChat(): Promise<string> {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'Hei' } });
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('cache-control'), 'no-store', 'the answer carries the customer token');
      return ((await response.json()) as { conversationId: string }).conversationId;
    }
  });

  describe(`with KANAVA_PUBLIC_URL [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_PUBLIC_URL: PUBLIC_URL });
      const library = await buildLibrary(app.db);
      slug = library.slug;
      cookie = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
    });
    after(() => app.close());

    test('HSTS on every answer when the public URL is https', async () => {
      for (const path of ['/healthz', `/demo/${slug}`, '/api/v1/auth/me']) {
        assert.equal((await app.request(path)).headers.get('strict-transport-security'), 'max-age=31536000', path);
      }
    });

    test('a request for another host is refused with 421 misdirected_request in the caller’s language (DNS rebinding)', async () => {
      for (const host of ['evil.example', 'kanava.example.fi.evil.example', `attacker.example:${new URL(app.baseUrl).port}`, '10.0.0.5']) {
        const response = await raw(app, `/demo/${slug}`, { host, headers: { 'accept-language': 'en' } });
        assert.equal(response.status, 421, host);
        const body = JSON.parse(response.body) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'misdirected_request');
        assert.equal(body.error.message, t('en', 'error.misdirected_request'));
      }
      // The API and the sockets too, signed in or not.
      const me = await raw(app, '/api/v1/auth/me', { host: 'evil.example', headers: { cookie } });
      assert.equal(me.status, 421);
      assert.ok(!me.body.includes('@'), 'nothing of the account');
    });

    test('the public host (any port the proxy says is its own) and loopback addresses are served; /healthz answers any host', async () => {
      const port = new URL(app.baseUrl).port;
      for (const host of ['kanava.example.fi', 'KANAVA.example.fi', 'kanava.example.fi:443', `127.0.0.1:${port}`, `localhost:${port}`]) {
        assert.equal((await raw(app, '/api/v1/auth/me', { host, headers: { cookie } })).status, 200, host);
      }
      assert.equal((await raw(app, '/api/v1/auth/me', { host: 'kanava.example.fi:8443', headers: { cookie } })).status, 421);
      assert.equal((await raw(app, '/healthz', { host: '10.0.0.5:8080' })).status, 200);
    });

    test('a staff change must come from the public origin exactly: scheme, host and port', async () => {
      const change = (origin: string, host = 'kanava.example.fi') =>
        raw(app, '/api/v1/auth/password', {
          host,
          method: 'POST',
          headers: { cookie, origin, 'content-type': 'application/json' },
          body: JSON.stringify({ currentPassword: 'not-the-password', newPassword: 'a-new-password-long-enough' }),
        });
      for (const origin of ['http://kanava.example.fi', 'https://kanava.example.fi:8443', 'https://evil.example']) {
        const response = await change(origin);
        assert.equal(response.status, 403, origin);
        assert.equal((JSON.parse(response.body) as { error: { code: string } }).error.code, 'cross_site_request');
      }
      // The public origin passes the check (the route then refuses the wrong password).
      assert.equal((await change(PUBLIC_URL)).status, 400);
      assert.equal((await change(`${PUBLIC_URL}:443`)).status, 400);
    });
  });
}
