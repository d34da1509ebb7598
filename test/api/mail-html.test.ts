// A mail's original layout (GET /conversations/:id/messages/:messageId/html): the stored
// sanitised HTML in a document of its own, under a policy that runs no script and loads
// nothing, for staff of the conversation's library only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { seedEmailConversation, type SeededEmail } from '../support/email-seed.js';

type ErrorBody = { error: { code: string; message: string; details?: unknown } };
const EN = { 'accept-language': 'en' };

const HTML = '<p style="color: #036">Hei, <b>kiitos</b> vastauksesta!</p><img alt="logo" src="data:image/png;base64,iVBORw0KGgo=">';

for (const backend of testBackends()) {
  describe(`mail HTML for staff [${backend}]`, () => {
    let app: TestApp;
    let staff: string;
    let otherLibraryAdmin: string;
    let withHtml: SeededEmail;
    let plainOnly: SeededEmail;
    const url = (conversationId: string, messageId: string) => `/api/v1/conversations/${conversationId}/messages/${messageId}/html`;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      staff = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      otherLibraryAdmin = await app.signIn(await buildAccount(app.db, await buildLibrary(app.db), { role: 'admin' }));
      withHtml = await seedEmailConversation(app.db, {
        libraryId: library.id,
        address: 'maija@example.com',
        subject: 'Kaukolaina',
        body: 'Hei, kiitos vastauksesta!',
        html: HTML,
      });
      plainOnly = await seedEmailConversation(app.db, {
        libraryId: library.id,
        address: 'pekka@example.com',
        subject: 'Aukioloajat',
        body: 'Onko kirjasto auki lauantaina?',
        html: null,
      });
    });
    after(() => app.close());

    test('staff get the HTML in a document with its own strict policy', async () => {
      const response = await app.request(url(withHtml.conversationId, withHtml.messageId), { cookie: staff });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(
        response.headers.get('content-security-policy'),
        "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      );
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('cache-control'), 'private, no-store');
      // The staff app frames it (sandboxed): the app-wide "never framed" header must not apply.
      assert.equal(response.headers.get('x-frame-options'), null);
      const text = await response.text();
      assert.match(text, /^<!doctype html>/);
      assert.ok(text.includes('<meta charset="utf-8">'));
      assert.ok(text.includes(HTML), 'the stored HTML as it is');
    });

    test('HEAD answers the same statuses without the document (the staff app asks before framing it)', async () => {
      const found = await app.request(url(withHtml.conversationId, withHtml.messageId), { method: 'HEAD', cookie: staff });
      assert.equal(found.status, 200);
      assert.equal(found.headers.get('content-security-policy'), "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
      assert.equal(await found.text(), '');
      const missing = await app.request(url(plainOnly.conversationId, plainOnly.messageId), { method: 'HEAD', cookie: staff });
      assert.equal(missing.status, 404);
    });

    test('a mail without an HTML part: 404 that says so', async () => {
      const response = await app.request(url(plainOnly.conversationId, plainOnly.messageId), {
        cookie: staff,
        headers: EN,
      });
      assert.equal(response.status, 404);
      const body = (await response.json()) as ErrorBody;
      assert.equal(body.error.code, 'not_found');
      assert.equal(body.error.message, 'This email has no formatted (HTML) version. Its text is shown in the conversation.');
      // Error answers keep the app's own policy, not the frame's.
      assert.doesNotMatch(response.headers.get('content-security-policy') ?? '', /sandbox/);
    });

    test('a message of another conversation, or none: 404 message', async () => {
      for (const messageId of [plainOnly.messageId, randomUUID()]) {
        const response = await app.request(url(withHtml.conversationId, messageId), { cookie: staff, headers: EN });
        assert.equal(response.status, 404);
        assert.equal(((await response.json()) as ErrorBody).error.message, 'The message was not found in this conversation.');
      }
    });

    test('an unknown conversation: 404 conversation; another library’s staff: the same 404, no HTML', async () => {
      const unknown = await app.request(url(randomUUID(), withHtml.messageId), { cookie: staff, headers: EN });
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as ErrorBody).error.message, 'The conversation was not found.');
      const foreign = await app.request(url(withHtml.conversationId, withHtml.messageId), { cookie: otherLibraryAdmin, headers: EN });
      assert.equal(foreign.status, 404);
      const text = await foreign.text();
      assert.ok(!text.includes('kiitos'), 'nothing of the mail');
      assert.equal((JSON.parse(text) as ErrorBody).error.message, 'The conversation was not found.');
    });

    test('bad ids: 400 validation_failed naming the parameter', async () => {
      for (const [path, field] of [
        [url('not-an-id', withHtml.messageId), 'id'],
        [url(withHtml.conversationId, 'not-an-id'), 'messageId'],
      ] as const) {
        const response = await app.request(path, { cookie: staff });
        assert.equal(response.status, 400);
        const body = (await response.json()) as ErrorBody;
        assert.equal(body.error.code, 'validation_failed');
        assert.ok(JSON.stringify(body.error.details).includes(field), `${path} names ${field}`);
      }
    });

    test('without a session: 401, even for malformed ids', async () => {
      for (const path of [url(withHtml.conversationId, withHtml.messageId), url('x', 'y')]) {
        const response = await app.request(path);
        assert.equal(response.status, 401);
        assert.equal(((await response.json()) as ErrorBody).error.code, 'unauthenticated');
      }
    });
  });
}
