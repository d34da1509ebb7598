// Satisfaction (CSAT): the customer is asked once their conversation is resolved (over the
// widget's socket, and again on reconnect until they answer), answers once, within the scale;
// staff read their own conversations' answers, supervisors and admins everyone's with a
// summary; one library never sees or answers another's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket, type Frame } from '../support/ws.js';

interface Chat {
  conversationId: string;
  customerToken: string;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

for (const backend of testBackends()) {
  describe(`satisfaction [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let staff: TestAccount;
    let staffCookie: string;
    let colleagueCookie: string;
    let supervisorCookie: string;
    let adminCookie: string;
    let otherSlug: string;
    let otherSupervisorCookie: string;
    const sockets: TestSocket[] = [];

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      staff = await buildAccount(app.db, library, { role: 'staff' });
      staffCookie = await app.signIn(staff);
      colleagueCookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      supervisorCookie = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
      adminCookie = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      const other = await buildLibrary(app.db);
      otherSlug = other.slug;
      otherSupervisorCookie = await app.signIn(await buildAccount(app.db, other, { role: 'supervisor' }));
    });
    after(async () => {
      for (const socket of sockets) socket.close();
      await app.close();
    });

    async function startChat(language = 'fi', librarySlug = slug): Promise<Chat> {
      const response = await app.request(`/api/v1/public/libraries/${librarySlug}/chats`, {
        json: { language, name: 'Asiakas', body: 'Kysymys' },
      });
      assert.equal(response.status, 201);
      return (await response.json()) as Chat;
    }

    async function connect(chat: Chat, lang = 'fi'): Promise<TestSocket> {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws?lang=${lang}`);
      sockets.push(socket);
      socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
      await socket.waitFor((f) => f.type === 'ready');
      return socket;
    }

    async function setStatus(chat: Chat, status: string, cookie = staffCookie): Promise<void> {
      const response = await app.request(`/api/v1/conversations/${chat.conversationId}/status`, { cookie, json: { status } });
      assert.equal(response.status, 200, await response.text());
    }

    async function claim(chat: Chat, cookie = staffCookie): Promise<void> {
      const response = await app.request(`/api/v1/conversations/${chat.conversationId}/claim`, { cookie, json: {} });
      assert.equal(response.status, 200);
    }

    function answer(chat: Chat, body: Record<string, unknown>, language = 'en', conversationId = chat.conversationId) {
      return app.request(`/api/v1/public/chats/${conversationId}/satisfaction`, {
        json: { customerToken: chat.customerToken, ...body },
        headers: { 'accept-language': language },
      });
    }

    async function errorOf(response: Response): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
      return ((await response.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;
    }

    const surveys = (socket: TestSocket): Frame[] => socket.frames.filter((f) => f.type === 'survey');

    async function patchLibrary(settings: unknown, cookie = adminCookie): Promise<Response> {
      return app.request('/api/v1/library', { method: 'PATCH', cookie, json: { settings }, headers: { 'accept-language': 'en' } });
    }

    test('not asked before the conversation is resolved; an early answer is refused 409 in the caller’s language', async () => {
      const chat = await startChat();
      const socket = await connect(chat);
      await setStatus(chat, 'pending');
      await socket.waitFor((f) => f.type === 'conversation' && f.status === 'pending');
      await settle();
      assert.deepEqual(surveys(socket), []);
      const response = await answer(chat, { score: 5 }, 'sv');
      assert.equal(response.status, 409);
      const error = await errorOf(response);
      assert.equal(error.code, 'conflict');
      assert.deepEqual(error.details, { reason: 'satisfaction_not_offered' });
      assert.equal(error.message, 'Du kan ge respons när samtalet har markerats som löst.');
      const rows = await app.db.selectFrom('satisfaction_surveys').selectAll().where('conversation_id', '=', chat.conversationId).execute();
      assert.deepEqual(rows, []);
    });

    test('resolved: the widget is asked on the default 1–5 scale, answers once with a comment; a second answer is 409', async () => {
      const chat = await startChat('sv');
      const socket = await connect(chat, 'sv');
      await claim(chat);
      await setStatus(chat, 'resolved');
      const frame = await socket.waitFor((f) => f.type === 'survey');
      assert.deepEqual(frame.survey, { conversationId: chat.conversationId, scale: { min: 1, max: 5 }, question: {} });
      assert.equal(typeof frame.seq, 'number');

      const response = await answer(chat, { score: 4, comment: '  Snabbt och vänligt  ', language: 'sv' });
      const text = await response.text();
      assert.equal(response.status, 201, text);
      const body = JSON.parse(text) as { conversationId: string; score: number; answeredAt: string };
      assert.equal(body.score, 4);
      assert.equal(body.conversationId, chat.conversationId);

      const again = await answer(chat, { score: 1 }, 'fi');
      assert.equal(again.status, 409);
      const error = await errorOf(again);
      assert.deepEqual(error.details, { reason: 'satisfaction_answered' });
      assert.equal(error.message, 'Tähän keskusteluun on jo annettu palaute. Kiitos!');

      const own = await app.request(`/api/v1/conversations/${chat.conversationId}/satisfaction`, { cookie: staffCookie });
      assert.equal(own.status, 200);
      const view = (await own.json()) as Record<string, unknown>;
      assert.equal(view.status, 'answered');
      assert.equal(view.score, 4, 'the first answer stands');
      assert.equal(view.comment, 'Snabbt och vänligt', 'the comment is trimmed');
      assert.deepEqual(view.scale, { min: 1, max: 5 });
    });

    test('bad answers: outside the scale, too long a comment, not an integer, unknown fields, a wrong token', async () => {
      const chat = await startChat();
      await setStatus(chat, 'resolved');
      // Asked when the customer comes back.
      const socket = await connect(chat);
      await socket.waitFor((f) => f.type === 'survey');

      const outside = await answer(chat, { score: 6 });
      assert.equal(outside.status, 400);
      const error = await errorOf(outside);
      assert.equal(error.code, 'validation_failed');
      assert.deepEqual(error.details?.issues, [{ path: 'body.score', message: 'choose a score from 1 to 5' }]);
      const outsideFi = await errorOf(await answer(chat, { score: 0 }, 'fi'));
      assert.deepEqual(outsideFi.details?.issues, [{ path: 'body.score', message: 'valitse arvo väliltä 1–5' }]);

      for (const body of [
        { score: 3, comment: 'x'.repeat(2001) },
        { score: 3.5 },
        { score: '3' },
        { score: 11 },
        {},
        { score: 3, extra: true },
        { score: 3, comment: 'nul \u0000' },
        { score: 3, language: 'de' },
      ]) {
        const response = await answer(chat, body);
        assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
        assert.equal((await errorOf(response)).code, 'validation_failed');
      }
      const badToken = await app.request(`/api/v1/public/chats/${chat.conversationId}/satisfaction`, {
        json: { customerToken: 'A'.repeat(43), score: 3 },
      });
      assert.equal(badToken.status, 401);
      const stranger = await startChat();
      const notTheirs = await answer(stranger, { score: 1 }, 'en', chat.conversationId);
      assert.equal(notTheirs.status, 404);
      assert.equal((await errorOf(notTheirs)).message, 'The conversation was not found.');

      // None of it was stored: the right answer still goes in, at the edge of the scale and with a long comment.
      const ok = await answer(chat, { score: 5, comment: 'y'.repeat(2000) });
      assert.equal(ok.status, 201);
    });

    test('a reconnect is asked again until answered; re-opened and resolved again, asked only if unanswered', async () => {
      const chat = await startChat();
      await setStatus(chat, 'resolved');
      const first = await connect(chat);
      await first.waitFor((f) => f.type === 'survey');
      first.close();
      const second = await connect(chat);
      await second.waitFor((f) => f.type === 'survey');

      // Re-opened: the widget hears the status; resolved again, unanswered: asked again.
      await setStatus(chat, 'open');
      await second.waitFor((f) => f.type === 'conversation' && f.status === 'open');
      await setStatus(chat, 'resolved');
      await second.waitFor((f) => f.type === 'conversation' && f.status === 'resolved');
      await second.waitFor(() => surveys(second).length === 2);
      // While re-opened, an answer is refused.
      await setStatus(chat, 'open');
      assert.equal((await answer(chat, { score: 2 })).status, 409);
      await setStatus(chat, 'resolved');
      await second.waitFor(() => surveys(second).length === 3);
      assert.equal((await answer(chat, { score: 2 })).status, 201);

      // Answered: re-opened and resolved again, not asked; nor on reconnect.
      await setStatus(chat, 'open');
      await setStatus(chat, 'resolved');
      await second.waitFor((f) => f.type === 'conversation' && f.status === 'resolved' && Number(f.seq) > Number(surveys(second)[2]!.seq));
      const third = await connect(chat);
      await settle();
      assert.equal(surveys(second).length, 3, 'no new survey after the answer');
      assert.deepEqual(surveys(third), []);
      const rows = await app.db.selectFrom('satisfaction_surveys').selectAll().where('conversation_id', '=', chat.conversationId).execute();
      assert.equal(rows.length, 1, 'one survey per conversation');
    });

    test('settings: scale and the question per language through PATCH /library; off means not asked', async () => {
      const bad = await patchLibrary({ satisfaction: { scale: { min: 2, max: 5 } } });
      assert.equal(bad.status, 400);
      assert.equal((await errorOf(bad)).code, 'validation_failed');
      for (const satisfaction of [
        { scale: { min: 1, max: 11 } },
        { scale: { min: 1 } },
        { question: { de: 'Wie?' } },
        { question: { fi: '' } },
      ]) {
        assert.equal((await patchLibrary({ satisfaction })).status, 400, JSON.stringify(satisfaction));
      }
      assert.equal((await patchLibrary({ satisfaction: { enabled: false } }, supervisorCookie)).status, 403);

      const changed = await patchLibrary({ satisfaction: { scale: { min: 0, max: 10 }, question: { sv: 'Hur nöjd är du?' } } });
      const changedText = await changed.text();
      assert.equal(changed.status, 200, changedText);
      const library = JSON.parse(changedText) as { settings: { satisfaction: unknown; contact: unknown } };
      assert.deepEqual(library.settings.satisfaction, { enabled: true, scale: { min: 0, max: 10 }, question: { sv: 'Hur nöjd är du?' } });
      // One language given keeps the others; null returns one to the default wording.
      await patchLibrary({ satisfaction: { question: { fi: 'Kuinka tyytyväinen olet?' } } });
      const after = (await (await patchLibrary({ satisfaction: { question: { sv: null } } })).json()) as typeof library;
      assert.deepEqual(after.settings.satisfaction, {
        enabled: true,
        scale: { min: 0, max: 10 },
        question: { fi: 'Kuinka tyytyväinen olet?' },
      });

      const chat = await startChat();
      const socket = await connect(chat);
      await setStatus(chat, 'resolved');
      const frame = await socket.waitFor((f) => f.type === 'survey');
      assert.deepEqual(frame.survey, {
        conversationId: chat.conversationId,
        scale: { min: 0, max: 10 },
        question: { fi: 'Kuinka tyytyväinen olet?' },
      });
      // Asked on 0–10, answered on it even after the library goes back to 1–5.
      await patchLibrary({ satisfaction: { scale: { min: 1, max: 5 }, question: { fi: null } } });
      assert.equal((await answer(chat, { score: 0 })).status, 201);

      await patchLibrary({ satisfaction: { enabled: false } });
      const off = await startChat();
      const offSocket = await connect(off);
      await setStatus(off, 'resolved');
      await offSocket.waitFor((f) => f.type === 'conversation' && f.status === 'resolved');
      await settle();
      assert.deepEqual(surveys(offSocket), []);
      assert.equal((await answer(off, { score: 3 })).status, 409);
      await patchLibrary({ satisfaction: { enabled: true } });
    });

    test('who reads the answers: staff their own conversation’s; supervisors and admins all, with the summary', async () => {
      const chat = await startChat('en');
      await claim(chat);
      await setStatus(chat, 'resolved');
      await (await connect(chat, 'en')).waitFor((f) => f.type === 'survey');
      const asked = await app.request(`/api/v1/conversations/${chat.conversationId}/satisfaction`, { cookie: staffCookie });
      assert.equal(((await asked.json()) as { status: string }).status, 'offered');
      assert.equal((await answer(chat, { score: 2, comment: 'Slow answer', language: 'en' })).status, 201);

      const notOwn = await app.request(`/api/v1/conversations/${chat.conversationId}/satisfaction`, {
        cookie: colleagueCookie,
        headers: { 'accept-language': 'fi' },
      });
      assert.equal(notOwn.status, 403);
      assert.match((await errorOf(notOwn)).message, /esihenkilöt ja ylläpitäjät/);
      for (const cookie of [supervisorCookie, adminCookie]) {
        const view = await app.request(`/api/v1/conversations/${chat.conversationId}/satisfaction`, { cookie });
        assert.equal(view.status, 200);
      }
      const never = await startChat();
      const none = (await (
        await app.request(`/api/v1/conversations/${never.conversationId}/satisfaction`, { cookie: supervisorCookie })
      ).json()) as { status: string };
      assert.equal(none.status, 'not_offered');

      for (const path of ['/api/v1/satisfaction/answers', '/api/v1/satisfaction/summary']) {
        assert.equal((await app.request(path, { cookie: staffCookie })).status, 403, path);
        assert.equal((await app.request(path)).status, 401, path);
      }

      const list = await app.request('/api/v1/satisfaction/answers?limit=2', { cookie: supervisorCookie });
      assert.equal(list.status, 200);
      const page = (await list.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
      assert.equal(page.items.length, 2);
      const newest = page.items[0]!;
      assert.equal(newest.conversationId, chat.conversationId, 'newest first');
      assert.equal(newest.score, 2);
      assert.equal(newest.comment, 'Slow answer');
      assert.equal(newest.channel, 'chat');
      assert.equal(newest.language, 'en');
      const conversation = (await (
        await app.request(`/api/v1/conversations/${chat.conversationId}`, { cookie: supervisorCookie })
      ).json()) as {
        queueId: string | null;
      };
      assert.ok(conversation.queueId, 'routed to a queue');
      assert.equal(newest.queueId, conversation.queueId, 'the answer counts for the conversation’s queue');
      assert.deepEqual(newest.assignee, { id: staff.id, displayName: staff.displayName });
      assert.deepEqual(newest.customer, { name: 'Asiakas' });
      assert.ok(page.nextCursor);
      const rest = (await (
        await app.request(`/api/v1/satisfaction/answers?limit=100&cursor=${page.nextCursor}`, { cookie: supervisorCookie })
      ).json()) as { items: Record<string, unknown>[] };
      const all = [...page.items, ...rest.items];
      assert.equal(new Set(all.map((i) => i.conversationId)).size, all.length, 'no answer twice across pages');
      const times = all.map((i) => String(i.answeredAt));
      assert.deepEqual(times, [...times].sort().reverse());

      const summary = (await (await app.request('/api/v1/satisfaction/summary', { cookie: adminCookie })).json()) as {
        offered: number;
        answered: number;
        scales: {
          scale: { min: number; max: number };
          answered: number;
          average: number;
          distribution: { score: number; count: number }[];
        }[];
      };
      assert.equal(summary.answered, all.length);
      assert.ok(summary.offered >= summary.answered);
      const fiveScale = summary.scales.find((s) => s.scale.max === 5)!;
      const scores = all.filter((i) => (i.scale as { max: number }).max === 5).map((i) => Number(i.score));
      assert.equal(fiveScale.answered, scores.length);
      assert.equal(fiveScale.average, Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100);
      assert.deepEqual(
        fiveScale.distribution,
        [1, 2, 3, 4, 5].map((score) => ({ score, count: scores.filter((s) => s === score).length })),
      );
      const tenScale = summary.scales.find((s) => s.scale.max === 10)!;
      assert.equal(tenScale.distribution.length, 11, 'every score of 0–10');

      // Filters: another channel, a future period, a queue nobody has.
      for (const query of ['channel=email', `from=${new Date(Date.now() + 3_600_000).toISOString()}`, `queue=${crypto.randomUUID()}`]) {
        const filtered = (await (await app.request(`/api/v1/satisfaction/answers?${query}`, { cookie: supervisorCookie })).json()) as {
          items: unknown[];
        };
        assert.deepEqual(filtered.items, [], query);
        const sum = (await (await app.request(`/api/v1/satisfaction/summary?${query}`, { cookie: supervisorCookie })).json()) as {
          answered: number;
          scales: unknown[];
        };
        assert.equal(sum.answered, 0, query);
        assert.deepEqual(sum.scales, [], query);
      }
      const sincePast = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&channel=chat`;
      const inPeriod = (await (await app.request(`/api/v1/satisfaction/answers?${sincePast}`, { cookie: supervisorCookie })).json()) as {
        items: unknown[];
      };
      assert.equal(inPeriod.items.length, all.length);
      assert.equal((await app.request('/api/v1/satisfaction/answers?from=yesterday', { cookie: supervisorCookie })).status, 400);
      assert.equal((await app.request('/api/v1/satisfaction/answers?cursor=forged', { cookie: supervisorCookie })).status, 400);
    });

    test('tenant isolation: another library neither reads nor answers these surveys', async () => {
      const chat = await startChat();
      await setStatus(chat, 'resolved');
      await (await connect(chat)).waitFor((f) => f.type === 'survey');
      assert.equal((await answer(chat, { score: 5, comment: 'library A secret' })).status, 201);

      const view = await app.request(`/api/v1/conversations/${chat.conversationId}/satisfaction`, { cookie: otherSupervisorCookie });
      assert.equal(view.status, 404);
      for (const path of ['/api/v1/satisfaction/answers', '/api/v1/satisfaction/summary']) {
        const response = await app.request(path, { cookie: otherSupervisorCookie });
        assert.equal(response.status, 200);
        const text = await response.text();
        assert.ok(!text.includes(chat.conversationId) && !text.includes('library A secret'), path);
      }
      const summary = (await (await app.request('/api/v1/satisfaction/summary', { cookie: otherSupervisorCookie })).json()) as {
        answered: number;
        offered: number;
      };
      assert.deepEqual([summary.offered, summary.answered], [0, 0]);

      // A customer of the other library, with a resolved chat of their own, cannot answer this one.
      const theirs = await startChat('fi', otherSlug);
      const response = await answer(theirs, { score: 1 }, 'en', chat.conversationId);
      assert.equal(response.status, 404);
      const row = await app.db
        .selectFrom('satisfaction_surveys')
        .selectAll()
        .where('conversation_id', '=', chat.conversationId)
        .executeTakeFirstOrThrow();
      assert.equal(row.score, 5);
    });
  });
}
