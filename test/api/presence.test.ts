// What the chat widget tells a customer about staff presence (widget info, the customer
// socket's `ready` and `presence` frames): distinct staff members online and not away, in the
// whole library — on one instance, and across app instances on one PostgreSQL database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyOnPostgres, startSecondInstance, startTestApp, useTwoInstances, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket, type Frame } from '../support/ws.js';

/** Short, so that a silent instance's staff expire within the test (after 3 intervals). */
const SHORT_INTERVAL = { KANAVA_PRESENCE_INTERVAL_MS: '100' };

const presence = (staffOnline: number) => (f: Frame) => f.type === 'presence' && f.staffOnline === staffOnline;

/** The first presence frame with that count after the frames received so far (call before acting). */
function nextPresence(socket: TestSocket, staffOnline: number): Promise<Frame> {
  const seen = socket.frames.length;
  return socket.waitFor((f) => presence(staffOnline)(f) && socket.frames.indexOf(f) >= seen);
}

async function widgetStaffOnline(app: TestApp, slug: string): Promise<number> {
  const response = await app.request(`/api/v1/public/libraries/${slug}/widget`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { chat: { staffOnline: number } }).chat.staffOnline;
}

/** Waits until the instance's widget info reports `expected` staff online; fails with the last value. */
async function widgetReports(app: TestApp, slug: string, expected: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await widgetStaffOnline(app, slug);
  while (seen !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    seen = await widgetStaffOnline(app, slug);
  }
  assert.equal(seen, expected, `widget info on ${app.baseUrl}`);
}

async function staffSocket(app: TestApp, account: TestAccount): Promise<TestSocket> {
  const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: await app.signIn(account) });
  await socket.waitFor((f) => f.type === 'ready');
  return socket;
}

/** A customer's chat socket after `ready` (returned with it). */
async function customerSocket(app: TestApp, slug: string): Promise<{ socket: TestSocket; ready: Frame }> {
  const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'en' } });
  assert.equal(response.status, 201);
  const chat = (await response.json()) as { conversationId: string; customerToken: string };
  const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
  socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
  return { socket, ready: await socket.waitFor((f) => f.type === 'ready') };
}

for (const backend of testBackends()) {
  describe(`staff presence on one instance [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    test('distinct staff online and not away, told to customers as it changes', async () => {
      const library = await buildLibrary(app.db);
      const [first, second] = [await buildAccount(app.db, library), await buildAccount(app.db, library)];
      const customer = await customerSocket(app, library.slug);
      assert.equal(customer.ready.staffOnline, 0);

      const tab1 = await staffSocket(app, first);
      await customer.socket.waitFor(presence(1));
      const tab2 = await staffSocket(app, first);
      const other = await staffSocket(app, second);
      await customer.socket.waitFor(presence(2));
      assert.equal(await widgetStaffOnline(app, library.slug), 2, 'two tabs of one person count once');

      other.send({ type: 'presence', status: 'away' });
      await widgetReports(app, library.slug, 1);
      tab1.close();
      tab2.close();
      await customer.socket.waitFor(presence(0));
      assert.deepEqual(
        customer.socket.frames.filter((f) => f.type === 'presence').map((f) => f.staffOnline),
        [1, 2, 1, 0],
      );
      other.close();
      customer.socket.close();
    });
  });
}

describe('staff presence across app instances [postgres]', onlyOnPostgres, () => {
  // The default interval (30 s) on these two: no heartbeat or expiry comes within a test, so
  // what they see follows from announcements of changes, snapshots and goodbyes alone.
  const instances = useTwoInstances();

  test('staff on instance B are online for widget info and customers on instance A, and their going is told', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const staff = await buildAccount(a.db, library);
    const onB = await staffSocket(b, staff);
    await widgetReports(a, library.slug, 1);
    const customer = await customerSocket(a, library.slug);
    assert.equal(customer.ready.staffOnline, 1);

    const away = nextPresence(customer.socket, 0);
    onB.send({ type: 'presence', status: 'away' });
    await away;
    const back = nextPresence(customer.socket, 1);
    onB.send({ type: 'presence', status: 'online' });
    await back;
    const gone = nextPresence(customer.socket, 0);
    onB.close();
    await gone;
    assert.equal(await widgetStaffOnline(a, library.slug), 0);
    customer.socket.close();
  });

  test('one person on two instances counts once', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const [person, colleague] = [await buildAccount(a.db, library), await buildAccount(a.db, library)];
    const personOnA = await staffSocket(a, person);
    const colleagueOnB = await staffSocket(b, colleague);
    await widgetReports(a, library.slug, 2);
    const personOnB = await staffSocket(b, person);
    // Counted twice, the person would leave 2 here (and 3 meanwhile); counted once, 1.
    colleagueOnB.close();
    await widgetReports(a, library.slug, 1);
    await widgetReports(b, library.slug, 1);
    const customer = await customerSocket(b, library.slug);
    assert.equal(customer.ready.staffOnline, 1);
    personOnA.close();
    personOnB.close();
    await customer.socket.waitFor(presence(0));
    customer.socket.close();
  });

  test('an instance that stops announcing (as if crashed) drops out after the expiry', async () => {
    const { a } = instances;
    const c = await startSecondInstance(a, SHORT_INTERVAL);
    try {
      const library = await buildLibrary(a.db);
      const staff = await buildAccount(a.db, library);
      const onC = await staffSocket(c, staff);
      await widgetReports(a, library.slug, 1);
      const customer = await customerSocket(a, library.slug);

      const expired = nextPresence(customer.socket, 0);
      await c.runtime.presence.close({ goodbye: false });
      await expired;
      assert.equal(await widgetStaffOnline(a, library.slug), 0);
      assert.equal(c.runtime.hub.staffOnline(library.id), 1, 'the staff member is still connected to the silent instance');
      onC.close();
      customer.socket.close();
    } finally {
      await c.close();
    }
  });

  test('a starting instance asks the others at once; a closing one says goodbye at once', async () => {
    const { a } = instances;
    // The default interval (30 s) here too: only the snapshot and the goodbye can be in time.
    const d = await startSecondInstance(a);
    let dOpen = true;
    let e: TestApp | undefined;
    try {
      const library = await buildLibrary(a.db);
      const staff = await buildAccount(a.db, library);
      await staffSocket(d, staff);
      await widgetReports(a, library.slug, 1);
      e = await startSecondInstance(a);
      await widgetReports(e, library.slug, 1);
      const customer = await customerSocket(e, library.slug);

      const gone = nextPresence(customer.socket, 0);
      dOpen = false;
      await d.close(); // says goodbye, then closes the staff socket
      await gone;
      assert.equal(await widgetStaffOnline(a, library.slug), 0);
      customer.socket.close();
    } finally {
      await e?.close();
      if (dOpen) await d.close();
    }
  });
});
