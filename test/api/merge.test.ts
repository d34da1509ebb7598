// Merging two conversations of one customer (POST /conversations/:id/merge): the source's
// messages are copied in order as one block to the end of the target's timeline (append-only
// seqs), the source becomes read-only and points at the target, both timelines get an event,
// the audit log records it, and open staff views hear of it. Refused with 409 for the same
// conversation, another customer's and an already merged one; another library's is 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';
import { appendMessage, insertConversation } from '../../src/domains/conversations/store.js';

interface ConversationBody {
  id: string;
  status: string;
  lastSeq: number;
  mergedIntoId: string | null;
}
interface MessageBody {
  seq: number;
  kind: string;
  body: string;
  author: { id: string; displayName: string } | null;
  event: Record<string, unknown> | null;
  createdAt: string;
  delivery: unknown;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

for (const backend of testBackends()) {
  describe(`merging conversations [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let libraryId: string;
    let staff: TestAccount;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      libraryId = library.id;
      staff = await buildAccount(app.db, library, { displayName: 'Maija Meikäläinen' });
      cookie = await app.signIn(staff);
    });
    after(() => app.close());

    /** A chat started by a new customer: its id and the customer's id. */
    async function chat(body: string): Promise<{ id: string; customerId: string }> {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', name: 'Aino', body } });
      assert.equal(response.status, 201);
      const { conversationId } = (await response.json()) as { conversationId: string };
      const row = await app.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
      return { id: conversationId, customerId: row.customer_id };
    }

    /** Another conversation of the same customer (an email of theirs, say) with the given messages. */
    async function another(customerId: string, bodies: string[]): Promise<string> {
      const id = await insertConversation(app.db, { libraryId, customerId, channel: 'email', language: 'fi', subject: 'Laina' });
      for (const body of bodies) {
        const kind = body.startsWith('note:') ? 'note' : body.startsWith('staff:') ? 'staff' : 'customer';
        const authorId = kind === 'customer' ? null : staff.id;
        await appendMessage(app.db, { libraryId, conversationId: id, kind, body, authorId, event: null, clientMessageId: null });
      }
      return id;
    }

    const merge = (sourceId: string, targetId: string, as = cookie, language = 'fi') =>
      app.request(`/api/v1/conversations/${sourceId}/merge`, { json: { targetId }, cookie: as, headers: { 'accept-language': language } });

    async function messages(id: string): Promise<MessageBody[]> {
      const response = await app.request(`/api/v1/conversations/${id}/messages`, { cookie });
      assert.equal(response.status, 200);
      return ((await response.json()) as { items: MessageBody[] }).items;
    }

    test('copies the source’s messages in order after an event, leaves the source read-only, audits and tells open views', async () => {
      const target = await chat('Hei, kysyisin lainasta');
      const source = await another(target.customerId, ['Onko kirja jo tullut?', 'note: tarkistettava', 'staff: Katson asian']);
      const before = await messages(source);
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie, origin: app.baseUrl });
      await socket.waitFor((f) => f.type === 'ready');

      const response = await merge(source, target.id);
      assert.equal(response.status, 200);
      const merged = (await response.json()) as ConversationBody;
      assert.equal(merged.id, target.id);
      assert.equal(merged.mergedIntoId, null);

      const items = await messages(target.id);
      assert.deepEqual(
        items.map((m) => m.seq),
        items.map((_, i) => i + 1),
        'the target’s seqs stay consecutive',
      );
      assert.equal(merged.lastSeq, items.at(-1)?.seq);
      const block = items.slice(1);
      assert.equal(block[0]?.kind, 'event');
      assert.deepEqual(block[0]?.event, { type: 'merged_in', fromId: source, count: 3 });
      assert.equal(block[0]?.author?.displayName, 'Maija Meikäläinen');
      const copies = block.slice(1);
      assert.deepEqual(
        copies.map((m) => [m.kind, m.body, m.createdAt, m.author?.id ?? null]),
        before.map((m) => [m.kind, m.body, m.createdAt, m.author?.id ?? null]),
        'the copies keep kind, text, time and author, in order',
      );
      assert.ok(
        copies.every((m) => m.delivery === null),
        'copied replies are not sent again',
      );

      const sourceAfter = (await (await app.request(`/api/v1/conversations/${source}`, { cookie })).json()) as ConversationBody;
      assert.equal(sourceAfter.mergedIntoId, target.id);
      assert.equal(sourceAfter.status, 'resolved');
      const sourceItems = await messages(source);
      assert.deepEqual(sourceItems.at(-1)?.event, { type: 'merged_into', intoId: target.id });
      assert.equal(sourceItems.length, before.length + 1, 'the source keeps its own timeline');

      // Read-only: no reply, note, status change or claim.
      for (const [path, json] of [
        ['messages', { body: 'Vielä yksi' }],
        ['messages', { body: 'Muistiinpano', internal: true }],
        ['status', { status: 'open' }],
        ['claim', {}],
      ] as const) {
        const refused = await app.request(`/api/v1/conversations/${source}/${path}`, { json, cookie });
        assert.equal(refused.status, 409, path);
        const body = (await refused.json()) as ErrorBody;
        assert.equal(body.error.details?.reason, 'merged');
        assert.equal(body.error.details?.mergedIntoId, target.id);
        assert.match(body.error.message, /yhdistetty/);
      }

      // Open views hear of both conversations and of every new message of the target.
      await socket.waitFor((f) => f.type === 'conversation' && (f.conversation as ConversationBody).mergedIntoId === target.id);
      await socket.waitFor((f) => f.type === 'conversation' && (f.conversation as ConversationBody).id === target.id);
      const lastSeq = items.at(-1)!.seq;
      await socket.waitFor((f) => f.type === 'message' && f.seq === lastSeq);
      socket.close();

      const audit = await app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('library_id', '=', libraryId)
        .where('action', '=', 'conversation.merged')
        .where('target_id', '=', source)
        .execute();
      assert.equal(audit.length, 1);
      assert.deepEqual(audit[0]?.details, { intoId: target.id, messages: 3 });
      assert.equal(audit[0]?.actor_account_id, staff.id);
    });

    test('refuses the same conversation, another customer’s and a merged one with 409, changing nothing', async () => {
      const a = await chat('Ensimmäinen');
      const b = await another(a.customerId, ['Toinen']);
      const stranger = await chat('Toisen asiakkaan');

      const same = await merge(a.id, a.id, cookie, 'sv');
      assert.equal(same.status, 409);
      const sameBody = (await same.json()) as ErrorBody;
      assert.equal(sameBody.error.details?.reason, 'merge_same');
      assert.match(sameBody.error.message, /sig själv/);

      const other = await merge(b, stranger.id, cookie, 'en');
      assert.equal(other.status, 409);
      const otherBody = (await other.json()) as ErrorBody;
      assert.equal(otherBody.error.details?.reason, 'merge_other_customer');
      assert.match(otherBody.error.message, /same customer/);
      assert.equal((await messages(stranger.id)).length, 1, 'nothing was copied');
      assert.equal((await messages(b)).length, 1);

      assert.equal((await merge(b, a.id)).status, 200);
      const c = await another(a.customerId, ['Kolmas']);
      for (const [source, target] of [
        [b, c],
        [c, b],
        [b, a.id],
      ] as const) {
        const again = await merge(source, target);
        assert.equal(again.status, 409, `${source} → ${target}`);
        assert.equal(((await again.json()) as ErrorBody).error.details?.reason, 'already_merged');
      }
      assert.equal((await messages(c)).length, 1, 'a refused merge changes nothing');
    });

    test('a reply to a conversation a colleague holds is accepted (the staff app asks first)', async () => {
      const { id } = await chat('Hei');
      const library = { id: libraryId };
      const colleague = await buildAccount(app.db, library, { displayName: 'Kalle Kollega' });
      const colleagueCookie = await app.signIn(colleague);
      assert.equal((await app.request(`/api/v1/conversations/${id}/claim`, { json: {}, cookie: colleagueCookie })).status, 200);
      const reply = await app.request(`/api/v1/conversations/${id}/messages`, { json: { body: 'Autan tässä' }, cookie });
      assert.equal(reply.status, 201);
      const conversation = (await (await app.request(`/api/v1/conversations/${id}`, { cookie })).json()) as {
        assignee: { id: string } | null;
      };
      assert.equal(conversation.assignee?.id, colleague.id, 'replying does not take the conversation over');
    });

    test('another library’s conversation is not found, either way round, and nothing changes', async () => {
      const ours = await chat('Meidän');
      const otherLibrary = await buildLibrary(app.db);
      const response = await app.request(`/api/v1/public/libraries/${otherLibrary.slug}/chats`, {
        json: { language: 'fi', name: 'Aino', body: 'Toisen kirjaston' },
      });
      const theirs = ((await response.json()) as { conversationId: string }).conversationId;
      // Even a customer row shared by both would not do: the other library's conversation is never found.
      await app.db.updateTable('conversations').set({ customer_id: ours.customerId }).where('id', '=', theirs).execute();
      for (const [source, target] of [
        [ours.id, theirs],
        [theirs, ours.id],
        [theirs, theirs],
      ] as const) {
        const refused = await merge(source, target);
        assert.equal(refused.status, 404, `${source} → ${target}`);
        assert.equal(((await refused.json()) as ErrorBody).error.code, 'not_found');
      }
      assert.equal((await messages(ours.id)).length, 1);
      const theirRows = await app.db.selectFrom('messages').select('id').where('conversation_id', '=', theirs).execute();
      assert.equal(theirRows.length, 1);
    });

    test('refuses a body without a target, and needs a session', async () => {
      const { id } = await chat('Hei');
      const bad = await app.request(`/api/v1/conversations/${id}/merge`, { json: {}, cookie });
      assert.equal(bad.status, 400);
      const anonymous = await app.request(`/api/v1/conversations/${id}/merge`, { json: { targetId: id } });
      assert.equal(anonymous.status, 401);
    });
  });
}
