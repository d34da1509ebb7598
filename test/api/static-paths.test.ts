// Every path a client can send to the static routes (/app/, /widget/, /demo/) answers 4xx in
// our error shape and language, never a 500, and leaves nothing at error level in the log:
// the static file library refuses dot segments, `//`, NUL and the like with its own 403,
// and a Range or If-Match it cannot meet with 416 or 412 (issue 14).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildLibrary } from '../support/factories.js';
import { LEVEL, LogCapture } from '../support/log.js';
import { errorShape, rawRequest } from '../support/raw-http.js';
import { buildFrontEndsUnderLock } from '../support/front-ends.js';

const ODD_PATHS = [
  '//kanava-widget.js',
  '/./kanava-widget.js',
  '/%00',
  '/kanava-widget.js%00',
  '/../package.json',
  '/%2e%2e/package.json',
  '/%2E%2E/%2e%2e/package.json',
  '/.%2e/package.json',
  '/%2e/kanava-widget.js',
  '/..%2fpackage.json',
  '/%5c..%5cpackage.json',
  '/%zz',
  '/%',
  '/%c0%ae%c0%ae/package.json',
  '/.hidden',
  '/assets//x.js',
  `/${'a'.repeat(5000)}`,
  `/${'a/'.repeat(3000)}`,
  '/%ff%fe',
];

for (const backend of testBackends()) {
  describe(`odd paths on the static routes [${backend}]`, () => {
    let app: TestApp;
    const log = new LogCapture();
    let slug: string;

    before(async () => {
      buildFrontEndsUnderLock();
      app = await startTestApp(backend, {}, { log });
      slug = (await buildLibrary(app.db)).slug;
    });
    after(() => app.close());

    /** The answer is a 4xx in our shape and Swedish (as asked), and nothing was logged as an error. */
    async function expectClientError(path: string, headers: Record<string, string> = {}): Promise<{ status: number; code: string }> {
      const mark = log.mark();
      const response = await rawRequest(app.baseUrl, path, { headers: { 'accept-language': 'sv', ...headers } });
      assert.ok(response.status >= 400 && response.status < 500, `${path}: ${response.status} ${response.body.slice(0, 200)}`);
      const error = errorShape(response);
      assert.ok(error, `${path}: not our error shape: ${response.body.slice(0, 200)}`);
      assert.notEqual(error.code, 'internal');
      assert.doesNotMatch(error.message, /\bthe\b|\bthere\b/i, `${path}: message not in Swedish: ${error.message}`);
      const errors = log.atLeast(LEVEL.error, mark);
      assert.equal(errors.length, 0, `${path} logged at error level:\n${LogCapture.show(errors)}`);
      return { status: response.status, code: error.code };
    }

    test('the widget bundle and the app shell are there (the routes below are the real ones)', async () => {
      assert.equal((await rawRequest(app.baseUrl, '/widget/kanava-widget.js')).status, 200);
      assert.equal((await rawRequest(app.baseUrl, '/app/index.html')).status, 200);
    });

    test('/widget/: dot segments, double slashes, NUL, encoded dots, overlong and badly encoded paths answer 4xx', async () => {
      for (const path of ODD_PATHS) await expectClientError(`/widget${path}`);
      // The example, as curl --path-as-is sends it: no such file.
      assert.deepEqual(await expectClientError('/widget//kanava-widget.js'), { status: 404, code: 'not_found' });
    });

    test('/app/: the same paths answer 4xx or the app shell, never a 500', async () => {
      for (const path of ODD_PATHS) {
        const mark = log.mark();
        const response = await rawRequest(app.baseUrl, `/app${path}`, { headers: { 'accept-language': 'sv' } });
        // Client-side routes load the shell (200); whatever is refused is refused in our shape.
        if (response.status !== 200) await expectClientError(`/app${path}`);
        assert.ok(response.status < 500, `/app${path}: ${response.status}`);
        assert.equal(log.atLeast(LEVEL.error, mark).length, 0, `/app${path}`);
      }
      for (const file of ['/app/./index.html', '/app//index.html', '/app/%2e%2e/index.html', '/app/index.html%00']) {
        const response = await rawRequest(app.baseUrl, file);
        assert.ok(response.status < 500, `${file}: ${response.status}`);
      }
    });

    test('/demo/: odd slugs answer 4xx', async () => {
      for (const path of ODD_PATHS) await expectClientError(`/demo${path}`);
      for (const path of [`/demo/${slug}/..`, `/demo/${slug}%00`, `/demo/${slug}?lang=%zz`, '/demo/%2e%2e', '/demo//']) {
        const response = await rawRequest(app.baseUrl, path);
        if (response.status !== 200) await expectClientError(path);
      }
    });

    test('a path Node cannot parse, oversize headers and a socket route asked without an upgrade answer in our shape', async () => {
      // A raw (unencoded) byte above ASCII in the path: refused before routing.
      const raw = await rawRequest(app.baseUrl, '/widget/\u00e9.js');
      assert.deepEqual([raw.status, errorShape(raw)?.code], [400, 'bad_request']);
      const huge = await rawRequest(app.baseUrl, `/widget/${'a'.repeat(20_000)}`);
      assert.deepEqual([huge.status, errorShape(huge)?.code], [431, 'headers_too_large']);
      // (The staff socket asks for a session first: 401 in our shape.)
      assert.deepEqual(await expectClientError('/api/v1/public/chat/ws'), { status: 404, code: 'route_not_found' });
    });

    test('a Range or a precondition the file cannot meet answers 416 or 412 in our shape', async () => {
      for (const file of ['/widget/kanava-widget.js', '/app/index.html']) {
        assert.deepEqual(await expectClientError(file, { range: 'bytes=99999999-' }), { status: 416, code: 'range_not_satisfiable' });
        assert.deepEqual(await expectClientError(file, { 'if-match': '"not-this-one"' }), { status: 412, code: 'precondition_failed' });
        assert.deepEqual(await expectClientError(file, { 'if-unmodified-since': 'Mon, 01 Jan 1990 00:00:00 GMT' }), {
          status: 412,
          code: 'precondition_failed',
        });
      }
    });
  });
}
