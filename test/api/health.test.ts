// /healthz tells a load balancer whether this instance can serve: only while its database
// answers. A database that goes away turns requests into 503 `unavailable`, never a 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { ADMIN_DATABASE_URL, testBackends } from '../support/backends.js';

for (const backend of testBackends()) {
  describe(`health [${backend}]`, () => {
    let app: TestApp;
    before(async () => (app = await startTestApp(backend)));
    after(() => app.close());

    test('answers 200 while the database answers', async () => {
      const response = await app.request('/healthz');
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' });
    });

    if (backend === 'postgres') {
      test('answers 503 unavailable once the database is gone, and so does the API', async () => {
        const name = new URL(app.runtime.database.url!).pathname.slice(1);
        const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
        await admin.connect();
        try {
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        } finally {
          await admin.end();
        }
        const health = await app.request('/healthz', { headers: { 'accept-language': 'sv' } });
        assert.equal(health.status, 503);
        const body = (await health.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'unavailable');
        assert.match(body.error.message, /otillgänglig/);

        const login = await app.request('/api/v1/auth/login', { json: { email: 'someone@example.org', password: 'whatever-password' } });
        assert.equal(login.status, 503);
        assert.equal(((await login.json()) as { error: { code: string } }).error.code, 'unavailable');
      });
    }
  });
}
