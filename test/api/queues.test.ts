// Queues and routing: admins keep queues (names per language, soft delete, one default),
// members, routing rules and targets; a new conversation lands in the queue the first
// matching rule names, else the default; staff transfer conversations to a colleague or a
// queue with a note, and a transfer that cannot be done is refused whole (409); the inbox
// filters by queue and sorts by waiting time and by due time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';
import { isOpen } from '../../src/domains/libraries/opening-hours.js';
import type { QueueView, RoutingRuleView } from '../../src/contract/queues.js';
import type { ConversationView, MessageView } from '../../src/contract/conversations.js';

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

for (const backend of testBackends()) {
  describe(`queues and routing [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let admin: TestAccount;
    let staff: TestAccount;
    let colleague: TestAccount;
    let leaver: TestAccount;
    let outsider: TestAccount;
    let outsiderQueueId: string;
    const cookies = new Map<string, string>();
    const cookie = (account: TestAccount) => cookies.get(account.id) ?? '';

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      admin = await buildAccount(app.db, library, { role: 'admin' });
      staff = await buildAccount(app.db, library, { displayName: 'Sanna Staff' });
      colleague = await buildAccount(app.db, library, { displayName: 'Kaisa Colleague' });
      leaver = await buildAccount(app.db, library, { displayName: 'Lauri Leaver' });
      const other = await buildLibrary(app.db);
      outsider = await buildAccount(app.db, other, { role: 'admin', displayName: 'Olli Outsider' });
      for (const account of [admin, staff, colleague, leaver, outsider]) cookies.set(account.id, await app.signIn(account));
      const outsiderQueues = (await (await app.request('/api/v1/queues', { cookie: cookie(outsider) })).json()) as { items: QueueView[] };
      outsiderQueueId = outsiderQueues.items[0]!.id;
    });
    after(() => app.close());

    const get = async <T>(path: string, as: TestAccount = admin): Promise<T> => {
      const response = await app.request(path, { cookie: cookie(as) });
      assert.equal(response.status, 200, `${path}: ${response.status}`);
      return (await response.json()) as T;
    };
    const send = (method: string, path: string, json: unknown, as: TestAccount = admin, language = 'en') =>
      app.request(path, { method, cookie: cookie(as), json, headers: { 'accept-language': language } });
    const queues = async () => (await get<{ items: QueueView[] }>('/api/v1/queues')).items;
    async function createQueue(name: Record<string, string>, targets: Record<string, unknown> = {}): Promise<QueueView> {
      const response = await send('POST', '/api/v1/queues', { name, targets });
      assert.equal(response.status, 201);
      return (await response.json()) as QueueView;
    }
    async function startChat(extra: Record<string, unknown> = {}): Promise<string> {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'Hei', ...extra } });
      assert.equal(response.status, 201, await response.clone().text());
      return ((await response.json()) as { conversationId: string }).conversationId;
    }
    const conversation = (id: string) => get<ConversationView>(`/api/v1/conversations/${id}`);
    const messages = async (id: string) => (await get<{ items: MessageView[] }>(`/api/v1/conversations/${id}/messages`)).items;

    test('every library has a default queue; staff read the queues, only admins change them', async () => {
      const list = await queues();
      assert.equal(list.filter((q) => q.isDefault).length, 1);
      assert.equal(list[0]!.isDefault, true);
      assert.equal(list[0]!.name.fi, 'Yleinen');
      assert.equal((await app.request('/api/v1/queues', { cookie: cookie(staff) })).status, 200);
      assert.equal((await send('POST', '/api/v1/queues', { name: { fi: 'Oma' } }, staff)).status, 403);
      assert.equal((await send('PUT', '/api/v1/routing-rules', { rules: [] }, staff)).status, 403);
      assert.equal((await app.request('/api/v1/queues')).status, 401);
    });

    test('bad input is refused with a message in the caller’s language', async () => {
      const cases: [unknown, string][] = [
        [{ name: {} }, 'anna teksti vähintään yhdellä kielellä'],
        [{ name: { de: 'Hallo' } }, ''],
        [{ name: { fi: '' } }, ''],
        [{ name: { fi: 'x'.repeat(101) } }, ''],
        [{ name: { fi: 'Jono' }, targets: { chat: { firstResponseMinutes: 0 } } }, ''],
        [{ name: { fi: 'Jono' }, targets: { chat: { firstResponseMinutes: 1.5 } } }, ''],
        [{ name: { fi: 'Jono' }, targets: { fax: { firstResponseMinutes: 10 } } }, ''],
        [{ name: { fi: 'Jono' }, targets: { chat: { firstResponseMinutes: 60, resolutionMinutes: 30 } } }, 'ratkaisun tavoiteaika'],
        [{ name: { fi: 'Jono' }, isDefault: 'yes' }, ''],
      ];
      for (const [body, words] of cases) {
        const response = await send('POST', '/api/v1/queues', body, admin, 'fi');
        const error = (await response.json()) as ErrorBody;
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(error.error.code, 'validation_failed');
        assert.ok(error.error.message.includes(words), `${JSON.stringify(body)}: ${error.error.message}`);
      }
      const swedish = (await (await send('POST', '/api/v1/queues', { name: {} }, admin, 'sv')).json()) as ErrorBody;
      assert.match(swedish.error.message, /minst ett språk/);
      assert.equal((await send('PATCH', `/api/v1/queues/${(await queues())[0]!.id}`, {})).status, 400);
      assert.equal((await send('PATCH', '/api/v1/queues/not-a-uuid', { name: { fi: 'x' } })).status, 400);
      assert.equal((await send('PATCH', `/api/v1/queues/${crypto.randomUUID()}`, { name: { fi: 'x' } })).status, 404);
    });

    test('create, rename, set targets, make default, delete (kept, with its name) and the default refuses deletion', async () => {
      const original = (await queues()).find((q) => q.isDefault)!;
      const created = await createQueue({ fi: 'Lastenpalvelut' }, { chat: { firstResponseMinutes: 15, resolutionMinutes: 240 } });
      assert.deepEqual(created.name, { fi: 'Lastenpalvelut' });
      assert.deepEqual(created.targets, { chat: { firstResponseMinutes: 15, resolutionMinutes: 240 } });
      const renamed = (await (
        await send('PATCH', `/api/v1/queues/${created.id}`, { name: { fi: 'Lapset', sv: 'Barn' } })
      ).json()) as QueueView;
      assert.deepEqual(renamed.name, { fi: 'Lapset', sv: 'Barn' });
      assert.deepEqual(renamed.targets, created.targets, 'targets untouched by a rename');

      // The default cannot be deleted; another becomes the default, then the old one can go.
      const refused = await send('DELETE', `/api/v1/queues/${original.id}`, undefined, admin, 'fi');
      assert.equal(refused.status, 409);
      assert.match(((await refused.json()) as ErrorBody).error.message, /Oletusjonoa ei voi poistaa/);
      const made = (await (await send('PATCH', `/api/v1/queues/${created.id}`, { isDefault: true })).json()) as QueueView;
      assert.equal(made.isDefault, true);
      const list = await queues();
      assert.equal(list.filter((q) => q.isDefault).length, 1);
      assert.equal((await send('DELETE', `/api/v1/queues/${created.id}`, undefined)).status, 409, 'now it is the default');
      assert.equal((await send('PATCH', `/api/v1/queues/${original.id}`, { isDefault: true })).status, 200);
      assert.deepEqual(
        (await queues()).filter((q) => q.isDefault).map((q) => q.id),
        [original.id],
      );
      const gone = await send('DELETE', `/api/v1/queues/${created.id}`, undefined);
      assert.equal(gone.status, 200);
      const view = (await gone.json()) as QueueView;
      assert.ok(view.deletedAt);
      assert.equal((await queues()).at(-1)!.id, created.id, 'deleted queues come last, still named');
      const again = await send('PATCH', `/api/v1/queues/${created.id}`, { name: { fi: 'Uusi' } }, admin, 'sv');
      assert.equal(again.status, 409);
      assert.match(((await again.json()) as ErrorBody).error.message, /Kön har tagits bort/);
      assert.equal((await send('DELETE', `/api/v1/queues/${created.id}`, undefined)).status, 409);
    });

    test('members: active staff of the library only; a staff member sees the queues they are in', async () => {
      const queue = await createQueue({ en: 'Swedish service' });
      const set = await send('PUT', `/api/v1/queues/${queue.id}/members`, { accountIds: [staff.id, colleague.id] });
      assert.equal(set.status, 200);
      assert.deepEqual(((await set.json()) as QueueView).memberIds.sort(), [staff.id, colleague.id].sort());
      const seen = (await get<{ items: QueueView[] }>('/api/v1/queues', staff)).items.find((q) => q.id === queue.id)!;
      assert.ok(seen.memberIds.includes(staff.id));

      assert.equal((await send('PUT', `/api/v1/queues/${queue.id}/members`, { accountIds: [staff.id, staff.id] })).status, 400);
      assert.equal((await send('PUT', `/api/v1/queues/${queue.id}/members`, { accountIds: [outsider.id] })).status, 404);
      const inactive = await buildAccount(app.db, { id: staff.libraryId }, { displayName: 'Ilona Inactive' });
      await app.db.updateTable('accounts').set({ active: false }).where('id', '=', inactive.id).execute();
      const refused = await send('PUT', `/api/v1/queues/${queue.id}/members`, { accountIds: [inactive.id] }, admin, 'fi');
      assert.equal(refused.status, 409);
      assert.match(((await refused.json()) as ErrorBody).error.message, /Ilona Inactive on poistettu käytöstä/);
      // Nothing of the refused change was stored.
      const after = (await queues()).find((q) => q.id === queue.id)!;
      assert.equal(after.memberIds.length, 2);
    });

    test('routing: the first matching rule by channel, language and entry point wins, else the default queue', async () => {
      const defaultQueue = (await queues()).find((q) => q.isDefault)!;
      const children = await createQueue({ fi: 'Lapset' });
      const swedish = await createQueue({ sv: 'Svenska' });
      const deletedQueue = await createQueue({ fi: 'Poistuva' });
      assert.equal((await send('DELETE', `/api/v1/queues/${deletedQueue.id}`, undefined)).status, 200);

      const bad: unknown[] = [
        { rules: [{ queueId: children.id, entryPoint: 'Lapset!' }] },
        { rules: [{ queueId: children.id, entryPoint: 'x'.repeat(65) }] },
        { rules: [{ queueId: children.id, channel: 'fax' }] },
        { rules: [{ queueId: 'nope' }] },
        { rules: [{ queueId: children.id, colour: 'red' }] },
        { rules: Array.from({ length: 101 }, () => ({ queueId: children.id })) },
      ];
      for (const body of bad)
        assert.equal((await send('PUT', '/api/v1/routing-rules', body)).status, 400, JSON.stringify(body).slice(0, 80));
      const toDeleted = await send('PUT', '/api/v1/routing-rules', { rules: [{ queueId: deletedQueue.id }] });
      assert.equal(toDeleted.status, 409);
      assert.equal((await send('PUT', '/api/v1/routing-rules', { rules: [{ queueId: outsiderQueueId }] })).status, 404);

      const response = await send('PUT', '/api/v1/routing-rules', {
        rules: [
          { entryPoint: 'children', queueId: children.id },
          { channel: 'chat', language: 'sv', queueId: swedish.id },
        ],
      });
      assert.equal(response.status, 200);
      const rules = ((await response.json()) as { items: RoutingRuleView[] }).items;
      assert.deepEqual(
        rules.map((r) => [r.position, r.entryPoint, r.language, r.queueId]),
        [
          [1, 'children', null, children.id],
          [2, null, 'sv', swedish.id],
        ],
      );
      assert.deepEqual((await get<{ items: RoutingRuleView[] }>('/api/v1/routing-rules')).items, rules);

      assert.equal((await conversation(await startChat({ language: 'sv' }))).queueId, swedish.id);
      assert.equal((await conversation(await startChat({ entryPoint: 'children' }))).queueId, children.id);
      // Both rules match: the first wins.
      assert.equal((await conversation(await startChat({ language: 'sv', entryPoint: 'children' }))).queueId, children.id);
      assert.equal((await conversation(await startChat({ entryPoint: 'adults' }))).queueId, defaultQueue.id);
      assert.equal((await conversation(await startChat())).queueId, defaultQueue.id);

      // A bad entry point is the widget's error, in its language.
      for (const entryPoint of ['Children', 'x'.repeat(65), '', 'a b']) {
        const start = await app.request(`/api/v1/public/libraries/${slug}/chats`, {
          json: { language: 'fi', body: 'Hei', entryPoint },
          headers: { 'accept-language': 'fi' },
        });
        assert.equal(start.status, 400, entryPoint);
        assert.match(((await start.json()) as ErrorBody).error.message, /1–64 merkkiä/);
      }

      // Deleting a queue takes its rules with it; its conversations keep it.
      const childConversation = await startChat({ entryPoint: 'children' });
      assert.equal((await send('DELETE', `/api/v1/queues/${children.id}`, undefined)).status, 200);
      const left = (await get<{ items: RoutingRuleView[] }>('/api/v1/routing-rules')).items;
      assert.deepEqual(
        left.map((r) => [r.position, r.queueId]),
        [[1, swedish.id]],
      );
      assert.equal((await conversation(childConversation)).queueId, children.id);
      assert.equal((await conversation(await startChat({ entryPoint: 'children' }))).queueId, defaultQueue.id);
      assert.equal((await send('PUT', '/api/v1/routing-rules', { rules: [] })).status, 200);
    });

    test('targets give due times: calendar time without hours, opening time with them', async () => {
      const fast = await createQueue({ fi: 'Nopea' }, { chat: { firstResponseMinutes: 30, resolutionMinutes: 600 } });
      assert.equal((await send('PUT', '/api/v1/routing-rules', { rules: [{ entryPoint: 'fast', queueId: fast.id }] })).status, 200);
      const id = await startChat({ entryPoint: 'fast' });
      const view = await conversation(id);
      const created = Date.parse(view.createdAt);
      const firstDue = Date.parse(view.firstResponseDueAt!);
      assert.ok(Math.abs(firstDue - created - 30 * 60_000) < 5_000, 'calendar time: 30 minutes after the start');
      assert.ok(Math.abs(Date.parse(view.resolutionDueAt!) - created - 600 * 60_000) < 5_000);
      assert.equal(view.dueAt, view.firstResponseDueAt, 'until staff answer, the first response is what is due');

      // With chat hours of 09–10 every weekday, 30 minutes of opening time end inside such an hour.
      const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '10:00']]]));
      assert.equal((await send('PATCH', '/api/v1/library', { settings: { openingHours: { chat: hours } } })).status, 200);
      const later = await conversation(await startChat({ entryPoint: 'fast' }));
      const due = new Date(later.firstResponseDueAt!);
      const justBefore = new Date(due.getTime() - 60_000);
      assert.ok(isOpen(hours, justBefore, 'Europe/Helsinki'), `due ${due.toISOString()} falls in opening hours`);
      assert.ok(due.getTime() - Date.parse(later.createdAt) >= 30 * 60_000 - 1000);
      assert.ok(Date.parse(later.resolutionDueAt!) - due.getTime() >= 9 * 24 * 60 * 60_000, '600 minutes of 1 h a day: two weeks');
      assert.equal((await send('PATCH', '/api/v1/library', { settings: { openingHours: { chat: null } } })).status, 200);

      // Answered: the resolution is what is due next; resolved: nothing is.
      assert.equal((await send('POST', `/api/v1/conversations/${id}/messages`, { body: 'Hello' }, staff)).status, 201);
      const answered = await conversation(id);
      assert.equal(answered.dueAt, answered.resolutionDueAt);
      assert.equal(answered.waitingSince, null);
      assert.equal((await send('POST', `/api/v1/conversations/${id}/status`, { status: 'resolved' }, staff)).status, 200);
      assert.equal((await conversation(id)).dueAt, null);
      assert.equal((await send('PUT', '/api/v1/routing-rules', { rules: [] })).status, 200);
    });

    test('transfer to a colleague with a note: one event and one note, the colleague hears of it live', async () => {
      const id = await startChat();
      assert.equal((await send('POST', `/api/v1/conversations/${id}/claim`, {}, staff)).status, 200);
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: cookie(colleague) });
      await socket.waitFor((f) => f.type === 'ready');
      const response = await send(
        'POST',
        `/api/v1/conversations/${id}/transfer`,
        { accountId: colleague.id, note: 'Asks about interlibrary loans' },
        staff,
      );
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as ConversationView).assignee?.id, colleague.id);
      const frame = await socket.waitFor(
        (f) =>
          f.type === 'conversation' &&
          (f.conversation as ConversationView).id === id &&
          (f.conversation as ConversationView).assignee?.id === colleague.id,
      );
      assert.ok(frame);
      socket.close();
      const timeline = await messages(id);
      const event = timeline.find((m) => m.kind === 'event' && m.event?.type === 'transferred')!;
      assert.equal(event.event?.assigneeId, colleague.id);
      assert.equal(event.event?.fromAssigneeId, staff.id);
      const note = timeline.at(-1)!;
      assert.equal(note.kind, 'note');
      assert.equal(note.body, 'Asks about interlibrary loans');
      assert.equal(note.author?.id, staff.id);
      assert.ok(note.seq > event.seq);

      // The colleague now holds it: the first staff member may not move it on (not a supervisor).
      assert.equal((await send('POST', `/api/v1/conversations/${id}/transfer`, { accountId: staff.id }, staff)).status, 403);
    });

    test('transfer to a queue: unassigned there, due times from the new queue', async () => {
      const queue = await createQueue({ fi: 'Kaukolainat' }, { chat: { firstResponseMinutes: 45 } });
      const id = await startChat();
      await send('POST', `/api/v1/conversations/${id}/claim`, {}, staff);
      const response = await send('POST', `/api/v1/conversations/${id}/transfer`, { queueId: queue.id }, staff);
      assert.equal(response.status, 200);
      const view = (await response.json()) as ConversationView;
      assert.equal(view.queueId, queue.id);
      assert.equal(view.assignee, null);
      assert.ok(Math.abs(Date.parse(view.firstResponseDueAt!) - Date.parse(view.createdAt) - 45 * 60_000) < 5_000);
      const timeline = await messages(id);
      assert.equal(timeline.at(-1)!.event?.type, 'transferred', 'no note given, none stored');
      assert.equal(timeline.at(-1)!.event?.queueId, queue.id);
    });

    test('a transfer that cannot be done is refused 409 with a clear message, and nothing changes', async () => {
      const id = await startChat();
      await send('POST', `/api/v1/conversations/${id}/claim`, {}, staff);
      const deactivated = await send('PATCH', `/api/v1/accounts/${leaver.id}`, { active: false });
      assert.equal(deactivated.status, 200);
      const gone = await createQueue({ fi: 'Lakkautettu' });
      assert.equal((await send('DELETE', `/api/v1/queues/${gone.id}`, undefined)).status, 200);
      const before = { conversation: await conversation(id), messages: await messages(id) };

      const cases: [unknown, string, RegExp][] = [
        [{ accountId: leaver.id, note: 'over to you' }, 'fi', /Keskustelua ei siirretty: Lauri Leaver on poistettu käytöstä/],
        [{ accountId: outsider.id, note: 'over to you' }, 'sv', /Samtalet överfördes inte: biblioteket har ingen sådan kollega/],
        [{ queueId: gone.id, note: 'over to you' }, 'en', /not transferred: the queue has been deleted/],
        [{ queueId: outsiderQueueId, note: 'over to you' }, 'fi', /kirjastossa ei ole tällaista jonoa/],
      ];
      for (const [body, language, message] of cases) {
        const response = await send('POST', `/api/v1/conversations/${id}/transfer`, body, staff, language);
        assert.equal(response.status, 409, JSON.stringify(body));
        const error = (await response.json()) as ErrorBody;
        assert.equal(error.error.code, 'conflict');
        assert.match(error.error.message, message);
      }
      for (const body of [{ accountId: colleague.id, queueId: gone.id }, {}, { accountId: colleague.id, note: '' }]) {
        assert.equal((await send('POST', `/api/v1/conversations/${id}/transfer`, body, staff)).status, 400, JSON.stringify(body));
      }
      assert.deepEqual(await conversation(id), before.conversation);
      assert.deepEqual(await messages(id), before.messages);
      assert.equal(
        (await send('POST', `/api/v1/conversations/${crypto.randomUUID()}/transfer`, { accountId: colleague.id }, staff)).status,
        404,
      );
    });

    test('the inbox filters by queue (and my queues) and sorts by waiting time and by due time, page by page', async () => {
      const urgent = await createQueue({ fi: 'Kiireelliset' }, { chat: { firstResponseMinutes: 5 } });
      const relaxed = await createQueue({ fi: 'Rauhalliset' }, { chat: { firstResponseMinutes: 120 } });
      await send('PUT', `/api/v1/queues/${relaxed.id}/members`, { accountIds: [colleague.id] });
      assert.equal(
        (
          await send('PUT', '/api/v1/routing-rules', {
            rules: [
              { entryPoint: 'urgent', queueId: urgent.id },
              { entryPoint: 'relaxed', queueId: relaxed.id },
            ],
          })
        ).status,
        200,
      );
      // Oldest first: relaxed, urgent, none; then another that staff answer (no longer waiting).
      const relaxedId = await startChat({ entryPoint: 'relaxed' });
      const urgentId = await startChat({ entryPoint: 'urgent' });
      const answeredId = await startChat({ entryPoint: 'relaxed' });
      await send('POST', `/api/v1/conversations/${answeredId}/messages`, { body: 'Answer' }, staff);
      const plainId = await startChat();
      const ours = new Set([relaxedId, urgentId, answeredId, plainId]);

      async function order(query: string): Promise<string[]> {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: ConversationView[]; nextCursor: string | null } = await get(
            `/api/v1/conversations?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            colleague,
          );
          ids.push(...page.items.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        return ids.filter((id) => ours.has(id));
      }
      assert.deepEqual(await order('assignee=none&status=open&sort=waiting'), [relaxedId, urgentId, plainId, answeredId]);
      // Due: the 5-minute target before the 120-minute ones; the answered one's first response is met.
      const byDue = await order('status=open&sort=due');
      assert.deepEqual(byDue.slice(0, 2), [urgentId, relaxedId]);
      // Nothing due (no target, or the first response met) comes last.
      assert.deepEqual(new Set(byDue.slice(2)), new Set([answeredId, plainId]));
      assert.deepEqual(await order(`queue=${relaxed.id}`), [answeredId, relaxedId]);
      assert.deepEqual(await order('queue=mine'), [answeredId, relaxedId]);
      assert.deepEqual(await order('queue=mine&sort=waiting'), [relaxedId, answeredId]);
      const noQueues = await get<{ items: ConversationView[] }>('/api/v1/conversations?queue=mine', admin);
      assert.deepEqual(noQueues.items, []);
      assert.equal((await app.request('/api/v1/conversations?sort=random', { cookie: cookie(staff) })).status, 400);
      assert.equal((await app.request('/api/v1/conversations?queue=theirs', { cookie: cookie(staff) })).status, 400);
      await send('PUT', '/api/v1/routing-rules', { rules: [] });
    });
  });
}
