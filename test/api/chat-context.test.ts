// Web chat context for staff: the page a chat was started on (validated, stored on the
// conversation, part of the staff view) and the customer ending the chat (an event in the
// timeline that staff see live; the status stays as it was).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { t } from '../../src/platform/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } };
}

for (const backend of testBackends()) {
  describe(`web chat page context and leaving [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      cookie = await app.signIn(await buildAccount(app.db, library));
    });
    after(() => app.close());

    const start = async (json: Record<string, unknown>, language = 'fi') =>
      app.request(`/api/v1/public/libraries/${slug}/chats`, {
        json: { language: 'fi', body: 'Hei', ...json },
        headers: { 'accept-language': language },
      });
    const conversation = async (id: string) =>
      (await (await app.request(`/api/v1/conversations/${id}`, { cookie })).json()) as {
        status: string;
        page: { url: string; title: string | null } | null;
        customerLeftAt: string | null;
      };

    test('the page a chat starts on is stored and shown to staff, in the conversation and the inbox', async () => {
      const page = { url: 'https://kirjasto.example.fi/haku?q=muumi&sivu=2#tulokset', title: 'Haku: muumi <b>Kirjasto</b>' };
      const response = await start({ page });
      assert.equal(response.status, 201);
      const { conversationId } = (await response.json()) as { conversationId: string };
      assert.deepEqual((await conversation(conversationId)).page, page, 'stored as given: the staff app escapes it');
      const inbox = (await (await app.request('/api/v1/conversations', { cookie })).json()) as {
        items: { id: string; page: unknown }[];
      };
      assert.deepEqual(inbox.items.find((c) => c.id === conversationId)?.page, page);

      // Optional, title too; without it the view says null.
      const plain = (await (await start({})).json()) as { conversationId: string };
      assert.equal((await conversation(plain.conversationId)).page, null);
      const untitled = (await (await start({ page: { url: 'http://kirjasto.example.fi/' } })).json()) as { conversationId: string };
      assert.deepEqual((await conversation(untitled.conversationId)).page, { url: 'http://kirjasto.example.fi/', title: null });
    });

    test('a page address that is not http(s), too long, or a title too long is refused with a clear message, and nothing is stored', async () => {
      const count = async () =>
        (
          await app.db
            .selectFrom('conversations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      const before = await count();
      const long = `https://kirjasto.example.fi/${'a'.repeat(2000)}`;
      const cases: { page: unknown; path: string; message?: (language: 'fi' | 'sv') => string }[] = [
        { page: { url: 'javascript:alert(1)' }, path: 'body.page.url', message: (l) => t(l, 'validation.page_url') },
        { page: { url: 'data:text/html,<script>alert(1)</script>' }, path: 'body.page.url', message: (l) => t(l, 'validation.page_url') },
        { page: { url: 'ftp://kirjasto.example.fi/' }, path: 'body.page.url', message: (l) => t(l, 'validation.page_url') },
        { page: { url: '/relative/path' }, path: 'body.page.url', message: (l) => t(l, 'validation.page_url') },
        { page: { url: 'https://kirjasto.example.fi/a b' }, path: 'body.page.url', message: (l) => t(l, 'validation.page_url') },
        { page: { url: long }, path: 'body.page.url' },
        { page: { url: 'https://kirjasto.example.fi/', title: 'x'.repeat(301) }, path: 'body.page.title' },
        { page: { url: 'https://kirjasto.example.fi/', title: 'Nimi\u202Eevil' }, path: 'body.page.title' },
        { page: { url: 'https://kirjasto.example.fi/', extra: 1 }, path: 'body.page' },
        { page: 'https://kirjasto.example.fi/', path: 'body.page' },
      ];
      for (const c of cases) {
        for (const language of ['fi', 'sv'] as const) {
          const response = await start({ page: c.page }, language);
          assert.equal(response.status, 400, JSON.stringify(c.page).slice(0, 80));
          const body = (await response.json()) as ErrorBody;
          assert.equal(body.error.code, 'validation_failed');
          const issue = body.error.details?.issues?.find((i) => i.path.startsWith(c.path));
          assert.ok(issue, `an issue at ${c.path}: ${JSON.stringify(body.error.details)}`);
          if (c.message) assert.equal(issue.message, c.message(language));
          else assert.ok(issue.message.length > 0);
        }
      }
      // The longest allowed values pass.
      const longest = `https://kirjasto.example.fi/${'a'.repeat(2000 - 'https://kirjasto.example.fi/'.length)}`;
      assert.equal((await start({ page: { url: longest, title: 'ö'.repeat(300) } })).status, 201);
      assert.equal(Number(await count()), Number(before) + 1, 'no refused start left a conversation behind');
    });

    test('the customer ending the chat is an event staff see live; the status stays; asking again changes nothing', async () => {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie });
      await socket.waitFor((f) => f.type === 'ready');
      const chat = (await (await start({})).json()) as { conversationId: string; customerToken: string };
      const leave = (token: string, id = chat.conversationId, language = 'fi') =>
        app.request(`/api/v1/public/libraries/${slug}/chats/${id}/leave`, {
          json: { customerToken: token },
          headers: { 'accept-language': language },
        });

      const left = await leave(chat.customerToken);
      assert.equal(left.status, 204);
      const event = await socket.waitFor(
        (f) => f.type === 'message' && (f.message as { event?: { type?: string } }).event?.type === 'customer_left',
      );
      assert.equal((event.message as { kind: string; author: unknown }).kind, 'event');
      assert.equal((event.message as { author: unknown }).author, null);
      const changed = await socket.waitFor(
        (f) => f.type === 'conversation' && (f.conversation as { customerLeftAt: string | null }).customerLeftAt !== null,
      );
      assert.equal((changed.conversation as { status: string }).status, 'open', 'leaving does not resolve the question');
      const view = await conversation(chat.conversationId);
      assert.equal(view.status, 'open');
      assert.ok(view.customerLeftAt);

      assert.equal((await leave(chat.customerToken)).status, 204);
      const events = await app.db
        .selectFrom('messages')
        .select('event')
        .where('conversation_id', '=', chat.conversationId)
        .where('kind', '=', 'event')
        .execute();
      assert.deepEqual(
        events.map((e) => e.event),
        [{ type: 'customer_left' }],
        'one event, however often it is asked',
      );

      // Wrong token, unknown conversation, bad input: 4xx with a message in the caller's language.
      const wrongToken = await leave('x'.repeat(43), chat.conversationId, 'sv');
      assert.equal(wrongToken.status, 401);
      assert.equal(((await wrongToken.json()) as ErrorBody).error.message, t('sv', 'error.unauthenticated'));
      const unknown = await leave(chat.customerToken, randomUUID());
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as ErrorBody).error.code, 'not_found');
      assert.equal((await leave(chat.customerToken, 'not-an-id')).status, 400);
      const noToken = await app.request(`/api/v1/public/libraries/${slug}/chats/${chat.conversationId}/leave`, { json: {} });
      assert.equal(noToken.status, 400);
      assert.equal(
        (
          await app.request(`/api/v1/public/libraries/no-such-library/chats/${chat.conversationId}/leave`, {
            json: { customerToken: chat.customerToken },
          })
        ).status,
        404,
      );
      socket.close();
    });

    test('a later message from the customer clears "left"', async () => {
      const chat = (await (await start({})).json()) as { conversationId: string; customerToken: string };
      await app.request(`/api/v1/public/libraries/${slug}/chats/${chat.conversationId}/leave`, {
        json: { customerToken: chat.customerToken },
      });
      assert.ok((await conversation(chat.conversationId)).customerLeftAt);
      const customer = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
      customer.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
      await customer.waitFor((f) => f.type === 'ready');
      customer.send({ type: 'send', clientId: randomUUID(), body: 'Vielä yksi asia' });
      await customer.waitFor((f) => f.type === 'ack');
      assert.equal((await conversation(chat.conversationId)).customerLeftAt, null);
      customer.close();
    });
  });
}
