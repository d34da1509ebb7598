// Working together on a conversation, live: staff see who else views it and whether they are
// writing a reply or a note; staff see the customer typing; the customer sees that the
// library's staff are writing a reply (never who, never for a note). Ephemeral frames,
// rate-limited per socket, kept within the library, and relayed across app instances.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyOnPostgres, startTestApp, useTwoInstances, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket, type Frame } from '../support/ws.js';

interface StaffActivity {
  accountId: string;
  displayName: string;
  writing: 'reply' | 'note' | null;
}

async function staffSocket(app: TestApp, account: TestAccount): Promise<TestSocket> {
  const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: await app.signIn(account) });
  await socket.waitFor((f) => f.type === 'ready');
  return socket;
}

async function customerSocket(app: TestApp, slug: string): Promise<{ socket: TestSocket; conversationId: string }> {
  const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', name: 'Aino', body: 'Hei' } });
  assert.equal(response.status, 201);
  const chat = (await response.json()) as { conversationId: string; customerToken: string };
  const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
  socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
  await socket.waitFor((f) => f.type === 'ready');
  return { socket, conversationId: chat.conversationId };
}

/** The next frame matching, after those received so far (call before acting). */
function next(socket: TestSocket, match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
  const seen = socket.frames.length;
  return socket.waitFor((f) => match(f) && socket.frames.indexOf(f) >= seen, timeoutMs);
}

const activityOf =
  (conversationId: string, check: (staff: StaffActivity[], customerTyping: boolean) => boolean) =>
  (f: Frame): boolean =>
    f.type === 'activity' && f.conversationId === conversationId && check(f.staff as StaffActivity[], f.customerTyping as boolean);

const has = (staff: StaffActivity[], account: TestAccount, writing: StaffActivity['writing']) =>
  staff.some((s) => s.accountId === account.id && s.displayName === account.displayName && s.writing === writing);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const backend of testBackends()) {
  describe(`collaboration on one instance [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let maija: TestAccount;
    let kalle: TestAccount;
    let stranger: TestAccount;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      maija = await buildAccount(app.db, library, { displayName: 'Maija' });
      kalle = await buildAccount(app.db, library, { displayName: 'Kalle' });
      stranger = await buildAccount(app.db, await buildLibrary(app.db), { displayName: 'Vieras' });
    });
    after(() => app.close());

    test('viewing and writing are shown to colleagues; the customer hears only of a reply, and never a name', async () => {
      const customer = await customerSocket(app, slug);
      const id = customer.conversationId;
      const m = await staffSocket(app, maija);
      const k = await staffSocket(app, kalle);
      const other = await staffSocket(app, stranger);

      // Kalle opens the conversation: he is told the current state at once, Maija sees him viewing.
      const kalleViewing = next(
        m,
        activityOf(id, (staff) => has(staff, kalle, null)),
      );
      k.send({ type: 'activity', conversationId: id, writing: null });
      await k.waitFor(activityOf(id, (staff) => has(staff, kalle, null)));
      await kalleViewing;

      // Kalle writes a note: Maija sees it, the customer hears nothing.
      const note = next(
        m,
        activityOf(id, (staff) => has(staff, kalle, 'note')),
      );
      k.send({ type: 'activity', conversationId: id, writing: 'note' });
      await note;

      // Kalle writes a reply: the customer hears that staff are typing, without a name.
      const typing = next(customer.socket, (f) => f.type === 'typing' && f.typing === true);
      const reply = next(
        m,
        activityOf(id, (staff) => has(staff, kalle, 'reply')),
      );
      k.send({ type: 'activity', conversationId: id, writing: 'reply' });
      await reply;
      const frame = await typing;
      assert.deepEqual(Object.keys(frame).sort(), ['type', 'typing']);
      assert.ok(!customer.socket.frames.some((f) => JSON.stringify(f).includes('Kalle')), 'the customer never learns who');
      const typingFrames = customer.socket.frames.filter((f) => f.type === 'typing');
      assert.equal(typingFrames.length, 1, 'the note told the customer nothing');

      // He stops: the customer hears it stopped; he leaves: Maija sees nobody.
      const stopped = next(customer.socket, (f) => f.type === 'typing' && f.typing === false);
      k.send({ type: 'activity', conversationId: id, writing: null });
      await stopped;
      const left = next(
        m,
        activityOf(id, (staff) => staff.length === 0),
      );
      k.send({ type: 'activity', conversationId: null, writing: null });
      await left;

      // Another library's staff heard nothing of it.
      await pause(100);
      assert.ok(!other.frames.some((f) => f.type === 'activity'), 'no activity crosses libraries');
      for (const socket of [m, k, other, customer.socket]) socket.close();
    });

    test('the customer typing is shown to staff, stops on request, and a disconnect clears it', async () => {
      const customer = await customerSocket(app, slug);
      const id = customer.conversationId;
      const m = await staffSocket(app, maija);

      const typing = next(
        m,
        activityOf(id, (_, customerTyping) => customerTyping),
      );
      customer.socket.send({ type: 'typing' });
      await typing;
      const stopped = next(
        m,
        activityOf(id, (_, customerTyping) => !customerTyping),
      );
      customer.socket.send({ type: 'typing', typing: false });
      await stopped;

      const again = next(
        m,
        activityOf(id, (_, customerTyping) => customerTyping),
      );
      customer.socket.send({ type: 'typing', typing: true });
      await again;
      const gone = next(
        m,
        activityOf(id, (_, customerTyping) => !customerTyping),
      );
      customer.socket.close();
      await gone;

      // A colleague's socket closing takes them out of the conversation.
      const k = await staffSocket(app, kalle);
      const viewing = next(
        m,
        activityOf(id, (staff) => has(staff, kalle, 'reply')),
      );
      k.send({ type: 'activity', conversationId: id, writing: 'reply' });
      await viewing;
      const closed = next(
        m,
        activityOf(id, (staff) => staff.length === 0),
      );
      k.close();
      await closed;
      m.close();
    });

    test('writing lapses by itself when not renewed', async () => {
      const { hub } = app.runtime;
      const customer = await customerSocket(app, slug);
      const id = customer.conversationId;
      const m = await staffSocket(app, maija);
      // The tracker's own ttl is 8 s; a short-lived socket key stands in for a silent client.
      const silent = {};
      const lapse = next(
        m,
        activityOf(id, (staff) => has(staff, kalle, null)),
        12_000,
      );
      hub.activity.setStaff(silent, { libraryId: kalle.libraryId, accountId: kalle.id, displayName: kalle.displayName }, id, 'reply');
      await m.waitFor(activityOf(id, (staff) => has(staff, kalle, 'reply')));
      await lapse;
      hub.activity.removeStaff(silent);
      customer.socket.close();
      m.close();
    });

    test('bad activity and typing frames are refused, and both are rate-limited per socket', async () => {
      const m = await staffSocket(app, maija);
      const invalid = next(m, (f) => f.type === 'error' && f.code === 'invalid_frame');
      m.send({ type: 'activity', conversationId: 'not-a-uuid', writing: 'reply' });
      await invalid;
      const wrongMode = next(m, (f) => f.type === 'error' && f.code === 'invalid_frame');
      m.send({ type: 'activity', conversationId: null, writing: 'shouting' });
      await wrongMode;

      const customer = await customerSocket(app, slug);
      for (let i = 0; i < 15; i += 1) m.send({ type: 'activity', conversationId: customer.conversationId, writing: 'reply' });
      await m.waitFor((f) => f.type === 'error' && f.code === 'rate_limited');
      for (let i = 0; i < 10; i += 1) customer.socket.send({ type: 'typing' });
      await customer.socket.waitFor((f) => f.type === 'error' && f.code === 'rate_limited');
      assert.equal(customer.socket.socket.readyState, customer.socket.socket.OPEN, 'the socket stays open');
      m.close();
      customer.socket.close();
    });
  });
}

describe('collaboration across two instances [postgres]', onlyOnPostgres, () => {
  const instances = useTwoInstances({ KANAVA_PRESENCE_INTERVAL_MS: '200' });

  test('viewing, writing and typing travel between instances, and leave with the socket', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const maija = await buildAccount(a.db, library, { displayName: 'Maija' });
    const kalle = await buildAccount(a.db, library, { displayName: 'Kalle' });
    const customer = await customerSocket(b, library.slug);
    const id = customer.conversationId;
    const onA = await staffSocket(a, maija);
    const onB = await staffSocket(b, kalle);

    // Maija on A writes a reply: Kalle on B sees it, and the customer on B hears staff typing.
    const seen = next(
      onB,
      activityOf(id, (staff) => has(staff, maija, 'reply')),
    );
    const typing = next(customer.socket, (f) => f.type === 'typing' && f.typing === true);
    onA.send({ type: 'activity', conversationId: id, writing: 'reply' });
    await seen;
    await typing;

    // Kalle on B views it too: Maija on A sees both of them in the answer to her next frame.
    const both = next(
      onA,
      activityOf(id, (staff) => has(staff, maija, 'note') && has(staff, kalle, null)),
    );
    onB.send({ type: 'activity', conversationId: id, writing: null });
    await onB.waitFor(activityOf(id, (staff) => has(staff, kalle, null) && staff.length === 2));
    // A note instead of the reply: the customer on B hears staff stopped.
    const stopped = next(customer.socket, (f) => f.type === 'typing' && f.typing === false);
    onA.send({ type: 'activity', conversationId: id, writing: 'note' });
    await both;
    await stopped;

    // The customer on B types: Maija on A sees it.
    const customerTyping = next(
      onA,
      activityOf(id, (_, t) => t),
    );
    customer.socket.send({ type: 'typing' });
    await customerTyping;

    // Maija's socket on A closes: Kalle on B sees only himself.
    const alone = next(
      onB,
      activityOf(id, (staff) => staff.length === 1 && has(staff, kalle, null)),
    );
    onA.close();
    await alone;
    onB.close();
    customer.socket.close();
  });

  test('a crashed instance’s viewers drop out when its announcements expire', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const maija = await buildAccount(a.db, library, { displayName: 'Maija' });
    const kalle = await buildAccount(a.db, library, { displayName: 'Kalle' });
    const customer = await customerSocket(a, library.slug);
    const id = customer.conversationId;
    const onB = await staffSocket(b, kalle);
    onB.send({ type: 'activity', conversationId: id, writing: null });
    // A stand-in viewer on A, then A stops announcing as after a crash (no goodbye).
    const viewer = {};
    const seen = next(
      onB,
      activityOf(id, (staff) => has(staff, maija, null)),
    );
    a.runtime.hub.activity.setStaff(viewer, { libraryId: library.id, accountId: maija.id, displayName: 'Maija' }, id, null);
    await seen;
    const dropped = next(
      onB,
      activityOf(id, (staff) => !staff.some((s) => s.accountId === maija.id)),
      5000,
    );
    // A falls silent without a goodbye, as after a crash.
    await a.runtime.hub.activity.close({ goodbye: false });
    await dropped;
    onB.close();
    customer.socket.close();
  });
});
