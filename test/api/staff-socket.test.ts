// The staff socket over real sockets on both backends: the handshake must come from our own
// origin, the socket ends with its session, frames carry the conversation's seq, and a
// subscribe replays a conversation of any length.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { sql } from 'kysely';
import { appendMessage } from '../../src/domains/conversations/store.js';
import type { MessageView } from '../../src/contract/conversations.js';
import { CLOSE_TOO_SLOW } from '../../src/contract/frames.js';
import { onlyOnPostgres, startTestApp, useTwoInstances, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket, type Frame } from '../support/ws.js';

const PUBLIC_URL = 'https://kanava.example.fi';

/** Opens a WebSocket handshake and reports how the server answered it. */
function handshake(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

/** The socket's close, or a failure if the server leaves it open (instead of a hung test). */
function closedWithin(socket: TestSocket, ms = 5000): Promise<{ code: number; reason: string }> {
  return Promise.race([
    socket.closed,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms).unref()),
  ]);
}

const isBody = (body: string) => (f: Frame) => f.type === 'message' && (f.message as { body: string }).body === body;

for (const backend of testBackends()) {
  describe(`staff socket [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let library: { id: string };
    let admin: TestAccount;
    let adminCookie: string;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_PUBLIC_URL: PUBLIC_URL });
      const row = await buildLibrary(app.db);
      library = row;
      slug = row.slug;
      admin = await buildAccount(app.db, library, { role: 'admin' });
      adminCookie = await app.signIn(admin);
    });
    after(() => app.close());

    const staffSocket = async (cookie: string) => {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie });
      await socket.waitFor((f) => f.type === 'ready');
      return socket;
    };

    async function startChat(body?: string) {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', ...(body ? { body } : {}) } });
      assert.equal(response.status, 201);
      return (await response.json()) as { conversationId: string; customerToken: string };
    }

    /**
     * Sends a customer message and waits until the control socket (still signed in) has it,
     * so that any socket that could still receive it would have received it too.
     */
    async function customerMessageSeenBy(control: TestSocket): Promise<string> {
      const body = `customer ${randomUUID()}`;
      await startChat(body);
      await control.waitFor(isBody(body));
      return body;
    }

    const assertClosedForGood = async (socket: TestSocket, control: TestSocket) => {
      const closed = await closedWithin(socket);
      assert.equal(closed.code, 4401);
      const error = socket.frames.find((f) => f.type === 'error');
      assert.equal(error?.code, 'unauthenticated');
      const body = await customerMessageSeenBy(control);
      assert.equal(socket.frames.filter(isBody(body)).length, 0, 'the closed socket received nothing more');
    };

    test('a handshake with a foreign Origin is refused with 403 and the error shape', async () => {
      const result = await handshake(`${app.wsUrl}/api/v1/ws`, {
        cookie: adminCookie,
        origin: 'https://evil.example',
        'accept-language': 'en',
      });
      assert.equal(result.status, 403);
      const body = JSON.parse(result.body) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'cross_site_request');
      assert.equal(body.error.message, 'Requests from other sites are not accepted.');
      assert.ok(!result.body.includes('stack'));
      // A look-alike of our host, and the opaque origin of sandboxed pages, are foreign too.
      for (const origin of [`${app.baseUrl}.evil.example`, 'null', 'http://kanava.example.fi']) {
        assert.equal((await handshake(`${app.wsUrl}/api/v1/ws`, { cookie: adminCookie, origin })).status, 403, origin);
      }
    });

    test('a handshake from our own origin, or from KANAVA_PUBLIC_URL behind a proxy, works', async () => {
      for (const origin of [app.baseUrl, PUBLIC_URL]) {
        const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: adminCookie, origin });
        await socket.waitFor((f) => f.type === 'ready');
        socket.close();
      }
    });

    test('cookie-authenticated POSTs follow the same origin rule as the socket, KANAVA_PUBLIC_URL included', async () => {
      const note = (origin: string) =>
        app.request('/api/v1/auth/password', {
          cookie: adminCookie,
          headers: { origin },
          json: { currentPassword: 'not-the-password', newPassword: 'a-new-password-long-enough' },
        });
      const foreign = await note('https://evil.example');
      assert.equal(foreign.status, 403);
      assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, 'cross_site_request');
      // Accepted origins get past the check to the route itself (which refuses the wrong password).
      for (const origin of [app.baseUrl, PUBLIC_URL]) {
        const response = await note(origin);
        assert.equal(response.status, 400, origin);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'wrong_password');
      }
    });

    test('the customer chat socket stays open to library websites on other origins', async () => {
      const chat = await startChat('Hei');
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`, { origin: 'https://kirjasto.example.org' });
      socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
      await socket.waitFor((f) => f.type === 'ready');
      socket.close();
    });

    test('signing out closes that session’s socket; the account’s other session stays live', async () => {
      const staff = await buildAccount(app.db, library);
      const [cookie, otherCookie] = [await app.signIn(staff), await app.signIn(staff)];
      const socket = await staffSocket(cookie);
      const other = await staffSocket(otherCookie);
      const logout = await app.request('/api/v1/auth/logout', { method: 'POST', cookie });
      assert.equal(logout.status, 204);
      await assertClosedForGood(socket, other);
      other.close();
    });

    test('deactivating an account closes all of its sockets', async () => {
      const staff = await buildAccount(app.db, library);
      const sockets = [await staffSocket(await app.signIn(staff)), await staffSocket(await app.signIn(staff))];
      const control = await staffSocket(adminCookie);
      const response = await app.request(`/api/v1/accounts/${staff.id}`, { method: 'PATCH', json: { active: false }, cookie: adminCookie });
      assert.equal(response.status, 200);
      for (const socket of sockets) await assertClosedForGood(socket, control);
      control.close();
    });

    test('a password change closes the other sessions’ sockets and keeps the changing session’s', async () => {
      const staff = await buildAccount(app.db, library);
      const [cookie, otherCookie] = [await app.signIn(staff), await app.signIn(staff)];
      const own = await staffSocket(cookie);
      const other = await staffSocket(otherCookie);
      const response = await app.request('/api/v1/auth/password', {
        json: { currentPassword: staff.password, newPassword: 'a brand new passphrase' },
        cookie,
      });
      assert.equal(response.status, 204);
      // Matches the HTTP side: the changing session still works, the other one does not.
      assert.equal((await app.request('/api/v1/auth/me', { cookie })).status, 200);
      assert.equal((await app.request('/api/v1/auth/me', { cookie: otherCookie })).status, 401);
      await assertClosedForGood(other, own);
      assert.equal(own.socket.readyState, WebSocket.OPEN);
      own.close();
    });

    test('a role change is re-checked without dropping the socket or its frames', async () => {
      const staff = await buildAccount(app.db, library);
      const socket = await staffSocket(await app.signIn(staff));
      const response = await app.request(`/api/v1/accounts/${staff.id}`, {
        method: 'PATCH',
        json: { role: 'supervisor' },
        cookie: adminCookie,
      });
      assert.equal(response.status, 200);
      await customerMessageSeenBy(socket);
      assert.equal(socket.socket.readyState, WebSocket.OPEN);
      socket.close();
    });

    test('frames held during a slow session re-check are bounded: past the limit the socket closes as too slow', async () => {
      const staff = await buildAccount(app.db, library);
      const socket = await staffSocket(await app.signIn(staff));
      const note = (seq: number): MessageView => ({
        id: randomUUID(),
        conversationId: randomUUID(),
        seq,
        kind: 'note',
        body: 'x'.repeat(60_000),
        author: null,
        event: null,
        clientId: null,
        createdAt: new Date().toISOString(),
        delivery: null,
        attachments: [],
      });
      // The session table locked: the re-check waits, and every frame meanwhile is held.
      const closed = await app.db.transaction().execute(async (trx) => {
        await sql`LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE`.execute(trx);
        app.runtime.bus.publish({ type: 'account.access_changed', libraryId: library.id, accountId: staff.id });
        for (let seq = 1; seq <= 100; seq += 1) {
          app.runtime.bus.publish({ type: 'message.created', libraryId: library.id, conversationId: randomUUID(), message: note(seq) });
        }
        return closedWithin(socket);
      });
      assert.equal(closed.code, CLOSE_TOO_SLOW);
    });

    test('conversation and message frames carry the conversation’s seq', async () => {
      const socket = await staffSocket(adminCookie);
      const chat = await startChat('Onko kirjasto auki?');
      const created = await socket.waitFor(
        (f) => f.type === 'message' && (f.message as { conversationId: string }).conversationId === chat.conversationId,
      );
      assert.equal(created.seq, 1);
      assert.equal((created.message as { seq: number }).seq, 1);
      await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, {
        json: { body: 'Sisäinen', internal: true },
        cookie: adminCookie,
      });
      const claimed = await app.request(`/api/v1/conversations/${chat.conversationId}/claim`, { json: {}, cookie: adminCookie });
      assert.equal(claimed.status, 200);
      const lastSeq = ((await claimed.json()) as { lastSeq: number }).lastSeq;
      const change = await socket.waitFor(
        (f) =>
          f.type === 'conversation' &&
          (f.conversation as { id: string; assignee: unknown }).id === chat.conversationId &&
          (f.conversation as { assignee: unknown }).assignee !== null,
      );
      assert.equal(change.seq, lastSeq);
      assert.equal((change.conversation as { lastSeq: number }).lastSeq, lastSeq);
      for (const frame of socket.frames.filter((f) => f.type === 'message' || f.type === 'conversation')) {
        assert.equal(typeof frame.seq, 'number', JSON.stringify(frame));
        if (frame.type === 'message') assert.equal(frame.seq, (frame.message as { seq: number }).seq);
      }
      socket.close();
    });

    test('subscribe with lastSeq 0 replays a conversation of more than 1000 messages completely', async () => {
      const chat = await startChat('first');
      const total = 1234;
      // One transaction: the appends skip a commit each and take a fraction of the time.
      await app.db.transaction().execute(async (trx) => {
        for (let i = 2; i <= total; i++) {
          const appended = await appendMessage(trx, {
            libraryId: library.id,
            conversationId: chat.conversationId,
            kind: i % 10 === 0 ? 'note' : 'customer',
            body: `message ${i}`,
            authorId: i % 10 === 0 ? admin.id : null,
            event: null,
            clientMessageId: null,
          });
          assert.equal(appended?.seq, i);
        }
      });
      const socket = await staffSocket(adminCookie);
      socket.send({ type: 'subscribe', conversationId: chat.conversationId, lastSeq: 0 });
      const subscribed = await socket.waitFor((f) => f.type === 'subscribed', 20_000);
      assert.equal(subscribed.seq, total);
      const seqs = socket.frames
        .filter((f) => f.type === 'message' && (f.message as { conversationId: string }).conversationId === chat.conversationId)
        .map((f) => f.seq);
      assert.deepEqual(
        seqs,
        Array.from({ length: total }, (_, i) => i + 1),
      );
      // Resuming from the middle replays the rest only.
      socket.send({ type: 'subscribe', conversationId: chat.conversationId, lastSeq: 1100 });
      await socket.waitFor(
        (f) => f.type === 'subscribed' && f.seq === total && socket.frames.filter((x) => x.type === 'subscribed').length === 2,
      );
      const resumed = socket.frames
        .slice(socket.frames.indexOf(subscribed) + 1)
        .filter((f) => f.type === 'message')
        .map((f) => f.seq);
      assert.deepEqual(
        resumed,
        Array.from({ length: total - 1100 }, (_, i) => 1101 + i),
      );
      socket.close();
    });

    test('a replay of long messages that JSON escapes six-fold reaches a client that keeps up', async () => {
      // 5000 control characters are 30 kB of JSON each: one page of them is more than the
      // socket's too-slow limit, which a replay must not reach on a client that reads along.
      const chat = await startChat('first');
      const total = 250;
      await sql`
        INSERT INTO messages (library_id, conversation_id, seq, kind, body)
        SELECT ${library.id}::uuid, ${chat.conversationId}::uuid, n, 'customer', repeat(chr(1), 5000)
        FROM generate_series(2, ${total}::int) AS n`.execute(app.db);
      await app.db.updateTable('conversations').set({ last_seq: total }).where('id', '=', chat.conversationId).execute();
      const socket = await staffSocket(adminCookie);
      socket.send({ type: 'subscribe', conversationId: chat.conversationId, lastSeq: 1 });
      const outcome = await Promise.race([socket.waitFor((f) => f.type === 'subscribed', 20_000), socket.closed]);
      assert.equal((outcome as Frame).type, 'subscribed', `the socket closed instead: ${JSON.stringify(outcome)}`);
      const bodies = socket.frames.filter((f) => f.type === 'message').map((f) => (f.message as { body: string }).body);
      assert.equal(bodies.length, total - 1);
      assert.ok(bodies.every((body) => body === '\u0001'.repeat(5000)));
      socket.close();
    });
  });
}

// Two app instances on one PostgreSQL database: signing out or deactivating on one instance
// closes the sockets open on the other (the relay carries ids only).
describe('staff sockets across app instances [postgres]', onlyOnPostgres, () => {
  const instances = useTwoInstances();

  const openOnB = async (cookie: string) => {
    const socket = await TestSocket.open(`${instances.b.wsUrl}/api/v1/ws`, { cookie });
    await socket.waitFor((f) => f.type === 'ready');
    return socket;
  };

  test('sign-out and deactivation on instance A close the sockets on instance B', async () => {
    const { a } = instances;
    const library = await buildLibrary(a.db);
    const admin = await buildAccount(a.db, library, { role: 'admin' });
    const staff = await buildAccount(a.db, library);
    const adminCookie = await a.signIn(admin);
    const control = await openOnB(adminCookie);
    const staffCookie = await a.signIn(staff);
    const signedOut = await openOnB(staffCookie);
    const deactivated = await openOnB(await a.signIn(staff));

    assert.equal((await a.request('/api/v1/auth/logout', { cookie: staffCookie, json: {} })).status, 204);
    assert.equal((await closedWithin(signedOut)).code, 4401);
    assert.equal(deactivated.socket.readyState, WebSocket.OPEN, 'the account’s other session is unaffected');

    assert.equal(
      (await a.request(`/api/v1/accounts/${staff.id}`, { cookie: adminCookie, method: 'PATCH', json: { active: false } })).status,
      200,
    );
    assert.equal((await closedWithin(deactivated)).code, 4401);

    const body = `after ${randomUUID()}`;
    assert.equal((await a.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: { language: 'fi', body } })).status, 201);
    await control.waitFor(isBody(body));
    for (const socket of [signedOut, deactivated]) assert.equal(socket.frames.filter(isBody(body)).length, 0);
    control.close();
  });
});
