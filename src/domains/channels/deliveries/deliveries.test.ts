import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../../../../test/support/factories.js';
import { TestSocket, type Frame } from '../../../../test/support/ws.js';
import type { ChannelKind } from '../../../contract/kinds.js';
import type { MessageView } from '../../../contract/conversations.js';
import { DeliveryError, type ChannelAdapter } from '../adapter.js';
import { receiveInbound } from '../inbound.js';

type Message = MessageView;

for (const backend of testBackends()) {
  describe(`deliveries of staff replies [${backend}]`, () => {
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
      staff = await buildAccount(app.db, library);
      cookie = await app.signIn(staff);
    });
    after(() => app.close());

    async function startChat() {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi' } });
      assert.equal(response.status, 201);
      return (await response.json()) as { conversationId: string; customerToken: string };
    }

    async function customerSocket(chat: { conversationId: string; customerToken: string }, lastSeq = 0) {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
      socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq });
      await socket.waitFor((f) => f.type === 'ready');
      return socket;
    }

    async function staffSocket(as = cookie) {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: as });
      await socket.waitFor((f) => f.type === 'ready');
      return socket;
    }

    async function reply(conversationId: string, body: string, internal = false): Promise<Message> {
      const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body, internal }, cookie });
      assert.equal(response.status, 201, await response.clone().text());
      return (await response.json()) as Message;
    }

    async function staffView(conversationId: string, messageId: string, as = cookie): Promise<Message | undefined> {
      const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, { cookie: as });
      assert.equal(response.status, 200);
      return ((await response.json()) as { items: Message[] }).items.find((m) => m.id === messageId);
    }

    const deliveryRows = (conversationId: string) =>
      app.db
        .selectFrom('deliveries')
        .select(['message_id', 'library_id', 'channel', 'status', 'attempts', 'last_error'])
        .where('conversation_id', '=', conversationId)
        .execute();

    const deliveryFrames = (socket: TestSocket, messageId: string) =>
      socket.frames.filter((f: Frame) => f.type === 'delivery' && f.messageId === messageId);

    /** A conversation on another channel, as its (future) inbound adapter would open it. */
    async function conversationOn(channel: ChannelKind): Promise<string> {
      const { conversationId } = await receiveInbound(
        { db: app.db, bus: app.runtime.bus },
        { libraryId, channel, customer: { name: null, email: 'asiakas@example.test', language: 'fi' }, language: 'fi', body: 'Hei' },
      );
      return conversationId;
    }

    test('a staff reply gets exactly one delivery record; notes, events and customer messages get none', async () => {
      const chat = await startChat();
      const note = await reply(chat.conversationId, 'sisäinen muistiinpano', true);
      assert.equal(note.delivery, null);
      const claimed = await app.request(`/api/v1/conversations/${chat.conversationId}/claim`, { json: {}, cookie });
      assert.equal(claimed.status, 200);
      const answer = await reply(chat.conversationId, 'Vastaus');
      assert.equal(answer.delivery?.status, 'queued', 'nobody has the widget open');
      // attempts counts failed hand-overs: with no widget open nothing was tried.

      const rows = await deliveryRows(chat.conversationId);
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0], {
        message_id: answer.id,
        library_id: libraryId,
        channel: 'chat',
        status: 'queued',
        attempts: 0,
        last_error: null,
      });
      const all = await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, { cookie });
      for (const message of ((await all.json()) as { items: Message[] }).items) {
        if (message.kind === 'staff') assert.equal(message.delivery?.status, 'queued');
        else assert.equal(message.delivery, null, `a ${message.kind} has no delivery`);
      }
    });

    test('with the widget open the reply is delivered, staff see it live, the customer never sees delivery data', async () => {
      const staffLive = await staffSocket();
      const chat = await startChat();
      const customer = await customerSocket(chat);
      const answer = await reply(chat.conversationId, 'Pääoven vieressä.');
      assert.equal(answer.delivery?.status, 'delivered');
      assert.equal(answer.delivery?.error, null);

      const frame = await staffLive.waitFor((f) => f.type === 'delivery' && f.messageId === answer.id);
      assert.equal(frame.conversationId, chat.conversationId);
      assert.equal((frame.delivery as { status: string }).status, 'delivered');
      const [row] = await deliveryRows(chat.conversationId);
      assert.deepEqual([row?.status, row?.attempts], ['delivered', 0], 'a success is not a failed attempt');
      assert.equal((await staffView(chat.conversationId, answer.id))?.delivery?.status, 'delivered');
      assert.equal(deliveryFrames(staffLive, answer.id).length, 1, 'one change, announced once');

      const atCustomer = await customer.waitFor((f) => f.type === 'message' && (f.message as { id: string }).id === answer.id);
      assert.ok(!('delivery' in (atCustomer.message as object)));
      assert.ok(!customer.frames.some((f) => f.type === 'delivery'));
      customer.close();
      staffLive.close();
    });

    test('with no widget open the reply stays queued, and is delivered when the widget reconnects and replays it', async () => {
      const staffLive = await staffSocket();
      const chat = await startChat();
      const first = await customerSocket(chat);
      first.close();
      await first.closed;
      const answer = await reply(chat.conversationId, 'Vastaan kun palaat.');
      assert.equal(answer.delivery?.status, 'queued');
      assert.equal((await staffView(chat.conversationId, answer.id))?.delivery?.status, 'queued');
      assert.equal(deliveryFrames(staffLive, answer.id).length, 0);

      const again = await customerSocket(chat, 0);
      await again.waitFor((f) => f.type === 'message' && (f.message as { id: string }).id === answer.id);
      const frame = await staffLive.waitFor((f) => f.type === 'delivery' && f.messageId === answer.id);
      assert.equal((frame.delivery as { status: string }).status, 'delivered');
      assert.equal((await staffView(chat.conversationId, answer.id))?.delivery?.status, 'delivered');
      again.close();
      staffLive.close();
    });

    test('another library can neither read a delivery nor hear of it', async () => {
      const other = await buildLibrary(app.db);
      const otherCookie = await app.signIn(await buildAccount(app.db, other));
      const otherLive = await staffSocket(otherCookie);
      const mine = await staffSocket();
      const chat = await startChat();
      const customer = await customerSocket(chat);
      const answer = await reply(chat.conversationId, 'Vain meille.');
      await mine.waitFor((f) => f.type === 'delivery' && f.messageId === answer.id);

      const response = await app.request(`/api/v1/conversations/${chat.conversationId}/messages`, { cookie: otherCookie });
      assert.equal(response.status, 404);
      // Frames on a socket arrive in order: anything sent to it before the pong came first.
      otherLive.send({ type: 'ping' });
      await otherLive.waitFor((f) => f.type === 'pong');
      assert.ok(!otherLive.frames.some((f) => f.type === 'delivery' || JSON.stringify(f).includes(answer.id)));
      customer.close();
      otherLive.close();
      mine.close();
    });

    test('an adapter that throws: the reply is stored, its delivery is failed with a code, and the answer says so', async (t) => {
      let calls = 0;
      const throwing: ChannelAdapter = {
        kind: 'form',
        mode: 'live',
        deliver: async () => {
          calls += 1;
          throw new Error('mail server refused asiakas@example.test');
        },
      };
      const unregister = app.runtime.outbound.register(throwing);
      t.after(unregister);
      const warnings: { details: Record<string, unknown>; message: string }[] = [];
      app.runtime.outbound.useLog({ warn: (details, message) => warnings.push({ details, message }) });
      t.after(() => app.runtime.outbound.useLog(app.runtime.app.log));
      const staffLive = await staffSocket();
      const conversationId = await conversationOn('form');
      const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, {
        json: { body: 'Vastaus lomakkeeseen' },
        cookie,
      });
      assert.equal(response.status, 201);
      const answer = (await response.json()) as Message;
      assert.equal(calls, 1);
      assert.equal(answer.delivery?.status, 'failed');
      assert.equal(answer.delivery?.error, 'adapter_error');

      const stored = await app.db.selectFrom('messages').select('body').where('id', '=', answer.id).executeTakeFirst();
      assert.equal(stored?.body, 'Vastaus lomakkeeseen');
      const [row] = await deliveryRows(conversationId);
      assert.deepEqual(
        { status: row?.status, attempts: row?.attempts, last_error: row?.last_error },
        { status: 'failed', attempts: 1, last_error: 'adapter_error' },
        'the code only, never the error text with its address',
      );
      const frame = await staffLive.waitFor((f) => f.type === 'delivery' && f.messageId === answer.id);
      assert.deepEqual(frame.delivery, answer.delivery);
      assert.deepEqual(warnings, [
        { details: { channel: 'form', code: 'adapter_error', error: 'Error' }, message: 'delivery of a reply failed' },
      ]);
      assert.ok(!JSON.stringify(warnings).includes('asiakas@'), 'the error text with its address is never logged');

      t.after(app.runtime.outbound.register({ ...throwing, deliver: async () => Promise.reject(new DeliveryError('smtp_rejected')) }));
      const named = await reply(conversationId, 'Toinen yritys');
      assert.deepEqual([named.delivery?.status, named.delivery?.error], ['failed', 'smtp_rejected']);
      staffLive.close();
    });

    test('channels without a live adapter keep the reply queued for their delivery job', async (t) => {
      let called = false;
      t.after(app.runtime.outbound.register({ kind: 'callback', mode: 'queued', deliver: async () => ((called = true), 'sent') }));
      for (const channel of ['desk', 'callback'] as const) {
        const conversationId = await conversationOn(channel);
        const answer = await reply(conversationId, `Vastaus (${channel})`);
        assert.equal(answer.delivery?.status, 'queued');
        const rows = await deliveryRows(conversationId);
        assert.deepEqual(
          rows.map((r) => [r.channel, r.status, r.attempts]),
          [[channel, 'queued', 0]],
        );
      }
      assert.equal(called, false, 'a queued adapter is never called from the request');
    });

    test('catching up delivers the waiting replies up to the seq the widget holds, and no further', async () => {
      const staffLive = await staffSocket();
      const chat = await startChat();
      const first = await reply(chat.conversationId, 'Ensimmäinen');
      const second = await reply(chat.conversationId, 'Toinen');
      assert.deepEqual([first.delivery?.status, second.delivery?.status], ['queued', 'queued']);
      const status = async (message: Message) => (await staffView(chat.conversationId, message.id))?.delivery?.status;

      // The widget holds up to the first reply: the second, above it, stays queued.
      await app.runtime.outbound.deliveredUpTo(libraryId, chat.conversationId, first.seq);
      assert.deepEqual([await status(first), await status(second)], ['delivered', 'queued']);

      // A widget reconnecting with lastSeq at the reply already holds it: nothing is
      // replayed, and the reply is delivered.
      const at = await customerSocket(chat, second.seq);
      await staffLive.waitFor((f) => f.type === 'delivery' && f.messageId === second.id);
      assert.equal(await status(second), 'delivered');
      assert.ok(!at.frames.some((f) => f.type === 'message'), 'nothing to replay');
      at.close();
      await at.closed;

      // One whose lastSeq is past the reply (it saw it live before a reload) delivers it too.
      const third = await reply(chat.conversationId, 'Kolmas');
      assert.equal(third.delivery?.status, 'queued');
      const past = await customerSocket(chat, third.seq + 5);
      await staffLive.waitFor((f) => f.type === 'delivery' && f.messageId === third.id);
      assert.equal(await status(third), 'delivered');
      past.close();
      staffLive.close();
    });

    test('delivered is final: a later report of queued or failed does not undo it', async () => {
      const chat = await startChat();
      const customer = await customerSocket(chat);
      const answer = await reply(chat.conversationId, 'Perillä');
      assert.equal(answer.delivery?.status, 'delivered');
      for (const status of ['queued', 'failed'] as const) {
        const after = await app.runtime.outbound.record(libraryId, answer.id, {
          status,
          error: status === 'failed' ? 'late' : null,
          attempt: false,
        });
        assert.equal(after?.status, 'delivered');
      }
      const elsewhere = await buildLibrary(app.db);
      assert.equal(
        await app.runtime.outbound.record(elsewhere.id, answer.id, { status: 'failed', error: 'x', attempt: false }),
        undefined,
        'scoped by library',
      );
      customer.close();
    });
  });
}
