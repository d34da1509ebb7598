// Browser tests of the customer chat widget on the demo page, in Debian's Chromium, on the
// default embedded database (the API tests cover PostgreSQL).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser, recordCspViolations } from './support/browser.js';
import { gate } from './support/gate.js';

const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Record<string, string>;
const catalogue = (lang: string) => load(lang, 'widget');
const fi = catalogue('fi');
const sv = catalogue('sv');

describe('chat widget in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  let staff: TestAccount;
  let cookie: string;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite');
    const library = await buildLibrary(app.db, { settings: { contact: { email: 'info@library.test' } } });
    slug = library.slug;
    staff = await buildAccount(app.db, library, { displayName: 'Elsa Esimerkki' });
    cookie = await app.signIn(staff);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openWidget(page: Page, lang = 'fi') {
    await page.goto(`${app.baseUrl}/demo/${slug}?lang=${lang}`);
    await page.getByRole('button', { name: catalogue(lang)['launcher.open'] }).click();
    await page.getByRole('dialog').waitFor();
  }

  async function latestConversationId(): Promise<string> {
    const row = await app.db.selectFrom('conversations').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    return row.id;
  }

  test('customer and staff talk live both ways; notes stay internal; script tags stay text; reload keeps the conversation', async () => {
    const context = await browser.newContext();
    // The demo page and the widget run under the page's Content-Security-Policy without a complaint.
    const violations = await recordCspViolations(context);
    const page = await context.newPage();
    let dialogFired = false;
    page.on('dialog', (d) => {
      dialogFired = true;
      void d.dismiss();
    });
    await openWidget(page);
    // Honest about nobody being online, with the alternatives the library gave.
    await page.getByText(fi['status.offline']!).waitFor();
    await page.getByText('info@library.test').waitFor();
    const staffSocket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie });

    await page.getByLabel(fi['form.message']!).fill('Onko kirjasto auki sunnuntaina? <script>alert(1)</script>');
    await page.getByRole('button', { name: fi['form.send'] }).click();
    const arrived = await staffSocket.waitFor((f) => f.type === 'message' && (f.message as { kind: string }).kind === 'customer');
    const conversationId = (arrived.message as { conversationId: string }).conversationId;
    await page.getByText(fi['status.online.one']!.replace('{count}', '1')).waitFor();

    await app.request(`/api/v1/conversations/${conversationId}/messages`, {
      json: { body: 'Sisäinen muistiinpano', internal: true },
      cookie,
    });
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Sunnuntaisin 12–16.' }, cookie });
    const log = page.getByRole('log');
    await log.getByText('Sunnuntaisin 12–16.').waitFor();
    assert.match(await log.innerText(), /<script>alert\(1\)<\/script>/, 'the script tag shows as text');
    assert.ok(!(await log.innerText()).includes('Sisäinen muistiinpano'), 'an internal note reached the customer');
    assert.equal(dialogFired, false);

    await page.reload();
    // The panel was open: it is open again after the reload.
    await page.getByRole('dialog').waitFor();
    await log.getByText('Sunnuntaisin 12–16.').waitFor();
    assert.equal(await log.getByText('Sunnuntaisin 12–16.').count(), 1);
    assert.equal(await log.getByText(/Onko kirjasto auki sunnuntaina/).count(), 1);
    assert.equal(await latestConversationId(), conversationId, 'the reload resumed the same conversation');
    assert.deepEqual(violations, []);
    staffSocket.close();
    await context.close();
  });

  test('on a library page with a strict Content-Security-Policy (as docs/operations.md gives it) the widget talks, unhindered', async () => {
    // The example policy of the operations guide, for this test server instead of kanava.example.fi.
    const documented = /^Content-Security-Policy: (.+)$/m.exec(
      readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8'),
    )?.[1];
    assert.ok(documented, 'docs/operations.md gives the policy a library page needs');
    const policy = documented.replaceAll('https://kanava.example.fi', app.baseUrl).replaceAll('wss://kanava.example.fi', app.wsUrl);
    const page = `<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Kirjaston sivu</title></head><body>
      <h1>Kirjaston sivu</h1>
      <script type="module" src="${app.baseUrl}/widget/kanava-widget.js"></script>
      <kanava-chat library="${slug}" lang="fi"></kanava-chat></body></html>`;
    const host: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
      response.end(page);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
    assert.notEqual(new URL(hostUrl).origin, new URL(app.baseUrl).origin);
    const context = await browser.newContext();
    const violations = await recordCspViolations(context);
    try {
      const library = await context.newPage();
      const staffSocket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie });
      // Once the staff socket is ready its member counts as online: the widget must say so.
      await staffSocket.waitFor((f) => f.type === 'ready');
      await library.goto(hostUrl);
      await library.getByRole('button', { name: fi['launcher.open'] }).click();
      await library.getByText(fi['status.online.one']!.replace('{count}', '1')).waitFor();
      await library.getByLabel(fi['form.message']!).fill('Kirjaston omalta sivulta');
      await library.keyboard.press('Enter');
      const arrived = await staffSocket.waitFor(
        (f) => f.type === 'message' && (f.message as { body: string }).body === 'Kirjaston omalta sivulta',
      );
      const conversationId = (arrived.message as { conversationId: string }).conversationId;
      // The socket works too: a reply arrives live.
      await library.waitForFunction(
        () => (document.querySelector('kanava-chat') as unknown as { connection: string }).connection === 'connected',
      );
      await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Vastaus sivulle' }, cookie });
      await library.getByRole('log').getByText('Vastaus sivulle').waitFor();
      staffSocket.close();
      assert.deepEqual(violations, []);
      // The check is real: the same page's own inline script is refused by that policy.
      await library.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
      });
      await library.waitForFunction(() => document.readyState === 'complete');
      assert.equal(await library.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan ?? false), false);
      for (let i = 0; violations.length === 0 && i < 50; i++) await library.waitForTimeout(20);
      assert.ok(violations.length > 0, 'the refused inline script was reported');
    } finally {
      await context.close();
      await new Promise((resolve) => host.close(resolve));
    }
  });

  test('a staff name with a right-to-left override cannot reorder the time after it', async () => {
    const library = await buildLibrary(app.db);
    // Stored before names were checked (the API refuses such a name now).
    const spoofer = await buildAccount(app.db, library, { displayName: '\u202EElsa' });
    const spooferCookie = await app.signIn(spoofer);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    await page.getByLabel(fi['form.message']!).fill('Hei');
    await page.keyboard.press('Enter');
    await noPending(page);
    const conversationId = (
      await app.db.selectFrom('conversations').select('id').where('library_id', '=', library.id).executeTakeFirstOrThrow()
    ).id;
    await app.request(`/api/v1/conversations/${conversationId}/claim`, { method: 'POST', cookie: spooferCookie, json: {} });
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: '\u202Eolleh 12.00' }, cookie: spooferCookie });
    const reply = page.getByRole('log').locator('li.theirs');
    await reply.waitFor();
    const layout = await reply.evaluate((li) => {
      const name = li.querySelector('.meta bdi');
      const time = li.querySelector('.meta time');
      const body = li.querySelector('p');
      if (!name || !time || !body) return null;
      return {
        nameIsolated: getComputedStyle(name).unicodeBidi,
        nameText: name.textContent,
        nameRight: name.getBoundingClientRect().right,
        timeLeft: time.getBoundingClientRect().left,
        bodyIsolated: getComputedStyle(body).unicodeBidi,
        bodyDir: body.getAttribute('dir'),
      };
    });
    assert.ok(layout, 'the author is a <bdi> and the time a <time> in the message heading');
    assert.equal(layout.nameText, '\u202EElsa');
    assert.equal(layout.nameIsolated, 'isolate');
    assert.ok(layout.timeLeft >= layout.nameRight - 0.5, `the time stays after the name (${layout.timeLeft} < ${layout.nameRight})`);
    assert.equal(layout.bodyDir, 'auto');
    assert.equal(layout.bodyIsolated, 'isolate');
    // The assignment notice names the staff member isolated too.
    const event = page.getByRole('log').locator('li.event bdi');
    assert.equal(await event.evaluate((el) => getComputedStyle(el).unicodeBidi), 'isolate');
    await context.close();
  });

  test('after a dropped connection nothing is lost or duplicated, either way', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openWidget(page);
    await page.getByLabel(fi['form.message']!).fill('Ensimmäinen viesti');
    await page.keyboard.press('Enter');
    const log = page.getByRole('log');
    await log.getByText('Ensimmäinen viesti').waitFor();
    await page.waitForFunction(() => !document.querySelector('kanava-chat')?.shadowRoot?.querySelector('li.pending'));
    const conversationId = await latestConversationId();

    await context.setOffline(true);
    // Going offline does not close an open WebSocket in Chromium; drop it from the server side.
    await page.evaluate(() => {
      const widget = document.querySelector('kanava-chat') as unknown as { socket: WebSocket | null };
      widget.socket?.close();
    });
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Vastaus yksi' }, cookie });
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Vastaus kaksi' }, cookie });
    await page.getByLabel(fi['form.message']!).fill('Kirjoitettu katkon aikana');
    await page.keyboard.press('Enter');
    await context.setOffline(false);

    for (const body of ['Vastaus yksi', 'Vastaus kaksi', 'Kirjoitettu katkon aikana'])
      await log.getByText(body).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('kanava-chat')?.shadowRoot?.querySelector('li.pending'), undefined, {
      timeout: 15_000,
    });
    const texts = await log.locator('li p').allInnerTexts();
    assert.deepEqual(texts, ['Ensimmäinen viesti', 'Vastaus yksi', 'Vastaus kaksi', 'Kirjoitettu katkon aikana']);
    const stored = await app.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      stored.map((m) => m.body),
      texts,
      'stored once each, in the same order',
    );
    await context.close();
  });

  /** The conversations of this library, as (conversation id, bodies) pairs. */
  async function conversationsOf(librarySlug: string) {
    const rows = await app.db
      .selectFrom('conversations as c')
      .innerJoin('libraries as l', 'l.id', 'c.library_id')
      .leftJoin('messages as m', 'm.conversation_id', 'c.id')
      .select(['c.id', 'm.body'])
      .where('l.slug', '=', librarySlug)
      .orderBy('m.seq')
      .execute();
    const byConversation = new Map<string, string[]>();
    for (const row of rows) byConversation.set(row.id, [...(byConversation.get(row.id) ?? []), ...(row.body ? [row.body] : [])]);
    return [...byConversation.values()];
  }

  const noPending = (page: Page) =>
    page.waitForFunction(() => !document.querySelector('kanava-chat')?.shadowRoot?.querySelector('li.pending'), undefined, {
      timeout: 15_000,
    });

  test('a reload while the first message is being sent neither loses nor duplicates it', async () => {
    const library = await buildLibrary(app.db);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    // The first start reaches the server, which stores it, but its answer never arrives.
    const stored = gate();
    const released = gate();
    await page.route(
      '**/chats',
      async (route) => {
        await route.fetch();
        stored.open();
        await released.passed;
        await route.abort().catch(() => undefined);
      },
      { times: 1 },
    );
    await page.getByLabel(fi['form.message']!).fill('Ensimmäinen viesti, sivu ladataan kesken');
    await page.keyboard.press('Enter');
    await stored.passed;
    await page.getByRole('log').locator('li.pending').getByText('Ensimmäinen viesti, sivu ladataan kesken').waitFor();
    assert.deepEqual(await conversationsOf(library.slug), [['Ensimmäinen viesti, sivu ladataan kesken']]);

    await page.reload();
    released.open();
    // Open again by itself (it was open before the reload).
    await page.getByRole('dialog').waitFor();
    const log = page.getByRole('log');
    await log.getByText('Ensimmäinen viesti, sivu ladataan kesken').waitFor();
    await noPending(page);
    await page.getByLabel(fi['form.message']!).fill('Toinen viesti');
    await page.keyboard.press('Enter');
    await log.getByText('Toinen viesti').waitFor();
    await noPending(page);
    assert.deepEqual(await log.locator('li p').allInnerTexts(), ['Ensimmäinen viesti, sivu ladataan kesken', 'Toinen viesti']);
    assert.deepEqual(
      await conversationsOf(library.slug),
      [['Ensimmäinen viesti, sivu ladataan kesken', 'Toinen viesti']],
      'one conversation, each message once',
    );
    await context.close();
  });

  test('a first message whose request is lost before reaching the server is sent again, once', async () => {
    const library = await buildLibrary(app.db);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    await page.route('**/chats', (route) => route.abort('connectionreset'), { times: 1 });
    // A double submit too: the second Enter on an empty field sends nothing.
    await page.getByLabel(fi['form.message']!).fill('Katkesi matkalla');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Katkesi matkalla').waitFor();
    await noPending(page);
    assert.deepEqual(await conversationsOf(library.slug), [['Katkesi matkalla']]);
    await context.close();
  });

  test('a message the server refuses is marked, explained once, not resent on reconnect, and can be sent again or edited', async () => {
    const library = await buildLibrary(app.db);
    const context = await browser.newContext();
    // Every frame the widget sends, on whichever socket, recorded on its way to the server.
    const sent: string[] = [];
    await context.routeWebSocket(/\/api\/v1\/public\/chat\/ws/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        sent.push(String(message));
        server.send(message);
      });
    });
    const page = await context.newPage();
    const socketUrl = page.waitForEvent('websocket');
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=sv`);
    await page.getByRole('button', { name: sv['launcher.open'] }).click();
    await page.getByLabel(sv['form.message']!).fill('Hej');
    await page.keyboard.press('Enter');
    await noPending(page);
    assert.match((await socketUrl).url(), /[?&]lang=sv\b/, 'the socket speaks the widget’s language');

    // A NUL character cannot be stored: the server refuses this one message by its client id.
    await page.getByLabel(sv['form.message']!).evaluate((el) => ((el as HTMLTextAreaElement).value = 'Tecken\u0000fel'));
    await page.keyboard.press('Enter');
    const failed = page.getByRole('log').locator('li.failed');
    await failed.getByText(sv['message.notSent']!).waitFor();
    await failed.getByText(sv['failed.invalid']!).waitFor();
    // Said once: by the log, which reads the marked message with its reason; not by an alert too.
    assert.equal(await page.getByRole('alert').count(), 0);
    await assertAxeClean(page, 'refused message sv');

    // "Send again" goes with the marking: focus moves to the text field, not out of the dialog.
    await failed.getByRole('button', { name: sv['message.retry'] }).click();
    assert.equal(await page.evaluate(() => document.querySelector('kanava-chat')?.shadowRoot?.activeElement?.id), 'message');
    await failed.getByText(sv['failed.invalid']!).waitFor();

    // A reconnect (and a reload) does not send it again; it stays marked.
    sent.length = 0;
    await page.reload();
    await page.getByRole('dialog').waitFor();
    await page.getByRole('log').getByText('Hej').waitFor();
    await page.waitForFunction(() => {
      const widget = document.querySelector('kanava-chat') as unknown as { connection: string };
      return widget.connection === 'connected';
    });
    await failed.getByText(sv['message.notSent']!).waitFor();
    // Anything resent would go out before a message written now; once that one is acknowledged, all has.
    await page.getByLabel(sv['form.message']!).fill('Efter omladdningen');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Efter omladdningen').waitFor();
    await noPending(page);
    assert.ok(sent.some((f) => f.includes('"hello"')));
    assert.ok(sent.some((f) => f.includes('Efter omladdningen')));
    assert.ok(!sent.some((f) => f.includes('Tecken')), 'the refused message was sent again');

    // Edit puts it back in the field; fixed, it is sent once.
    await failed.getByRole('button', { name: sv['message.edit'] }).click();
    const field = page.getByLabel(sv['form.message']!);
    assert.equal(await field.inputValue(), 'Tecken\u0000fel');
    await field.fill('Tecken rätt');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Tecken rätt').waitFor();
    await noPending(page);
    assert.equal(await failed.count(), 0);
    assert.deepEqual(await conversationsOf(library.slug), [['Hej', 'Efter omladdningen', 'Tecken rätt']]);
    await context.close();
  });

  test('a first message the server refuses is explained in words, not by the field the server names', async () => {
    const library = await buildLibrary(app.db);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=sv`);
    await page.getByRole('button', { name: sv['launcher.open'] }).click();
    // The chat does not exist yet: this one goes over HTTP, whose refusal names `body.body`.
    await page.getByLabel(sv['form.message']!).evaluate((el) => ((el as HTMLTextAreaElement).value = 'Första\u0000fel'));
    await page.keyboard.press('Enter');
    const failed = page.getByRole('log').locator('li.failed');
    await failed.getByText(sv['failed.invalid']!).waitFor();
    assert.ok(!(await page.getByRole('dialog').innerText()).includes('body.'), 'no field path shown');
    assert.deepEqual(await conversationsOf(library.slug), []);
    await context.close();
  });

  test('an email address the server refuses is said so, can be corrected in the field, and the message then goes', async () => {
    const library = await buildLibrary(app.db);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    // Nobody online: the email field is offered. The browser takes `me@library`; the server does not.
    const email = page.getByLabel(fi['offline.emailField']!);
    await email.fill('me@library');
    await page.getByLabel(fi['form.message']!).fill('Vastatkaa sähköpostilla');
    await page.keyboard.press('Enter');
    const failed = page.getByRole('log').locator('li.failed');
    await failed.getByText(fi['failed.email']!).waitFor();
    await assertAxeClean(page, 'refused email fi');
    // Still there to correct (the chat does not exist yet), and not saved as the one to send.
    await email.fill('me@library.test');
    await failed.getByRole('button', { name: fi['message.retry'] }).click();
    await page.getByRole('log').locator('li.mine:not(.failed):not(.pending)').getByText('Vastatkaa sähköpostilla').waitFor();
    await noPending(page);
    assert.equal(await failed.count(), 0);
    assert.equal(await email.count(), 0, 'no email field once the chat exists');
    const customers = await app.db
      .selectFrom('conversations as c')
      .innerJoin('customers as u', 'u.id', 'c.customer_id')
      .innerJoin('libraries as l', 'l.id', 'c.library_id')
      .select('u.email')
      .where('l.slug', '=', library.slug)
      .execute();
    assert.deepEqual(customers, [{ email: 'me@library.test' }]);
    await context.close();
  });

  test('ending the conversation while its start is on the way: the next message starts a new one at once', async () => {
    const library = await buildLibrary(app.db);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    const reached = gate();
    const held = gate();
    await page.route(
      '**/chats',
      async (route) => {
        reached.open();
        await held.passed;
        await route.abort();
      },
      { times: 1 },
    );
    await page.getByLabel(fi['form.message']!).fill('Aloitus, joka lopetetaan');
    await page.keyboard.press('Enter');
    await reached.passed;
    await page.getByRole('button', { name: fi['end.button'] }).click();
    // Not started on the server yet: confirmed, it is forgotten here at once.
    await page.getByRole('button', { name: fi['leave.confirm'] }).click();
    await page.getByLabel(fi['form.message']!).fill('Uusi aloitus');
    await page.keyboard.press('Enter');
    held.open();
    await page.getByRole('log').getByText('Uusi aloitus').waitFor();
    await noPending(page);
    assert.deepEqual(await conversationsOf(library.slug), [['Uusi aloitus']]);
    await context.close();
  });

  test('a widget taken off the page does not reconnect', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openWidget(page);
    await page.getByLabel(fi['form.message']!).fill('Pian poistuva');
    await page.keyboard.press('Enter');
    await noPending(page);
    await page.waitForFunction(
      () => (document.querySelector('kanava-chat') as unknown as { connection: string }).connection === 'connected',
    );
    let opened = 0;
    page.on('websocket', () => (opened += 1));
    await page.evaluate(() => document.querySelector('kanava-chat')?.remove());
    // Longer than the first reconnect delay (at most 0.6 s).
    await page.waitForTimeout(1500);
    assert.equal(opened, 0);
    await context.close();
  });

  test('a customer erased while their chat is open: the widget forgets the chat and does not reconnect', async () => {
    const library = await buildLibrary(app.db);
    const supervisor = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    await page.getByLabel(fi['form.message']!).fill('Poistakaa tietoni');
    await page.keyboard.press('Enter');
    await noPending(page);
    const connection = () => page.evaluate(() => (document.querySelector('kanava-chat') as unknown as { connection: string }).connection);
    await page.waitForFunction(
      () => (document.querySelector('kanava-chat') as unknown as { connection: string }).connection === 'connected',
    );
    const { customer_id } = await app.db
      .selectFrom('conversations')
      .select('customer_id')
      .where('library_id', '=', library.id)
      .executeTakeFirstOrThrow();
    const stored = () => page.evaluate((key) => localStorage.getItem(key), `kanava-chat:${library.slug}`);
    assert.notEqual(await stored(), null);
    let opened = 0;
    page.on('websocket', () => (opened += 1));

    const erased = await app.request(`/api/v1/customers/${customer_id}`, { method: 'DELETE', cookie: supervisor });
    assert.equal(erased.status, 204);
    await page.getByRole('log').getByText('Poistakaa tietoni').waitFor({ state: 'detached', timeout: 5000 });
    assert.equal(await connection(), 'idle');
    assert.equal(await stored(), null, 'the chat is forgotten');
    // Longer than the first reconnect delay (at most 0.6 s).
    await page.waitForTimeout(1500);
    assert.equal(opened, 0);
    await context.close();
  });

  test('when nobody can answer: the library’s own text, when chat opens, and what to do instead', async () => {
    // Chat hours only tomorrow (library time), so it is closed now.
    const today = new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'Europe/Helsinki' }).format(new Date()).toLowerCase();
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const tomorrow = days[(days.indexOf(today as (typeof days)[number]) + 1) % 7]!;
    const offline = {
      fi: 'Soita meille arkisin tai käy tiskillä.',
      sv: 'Ring oss på vardagar eller besök disken.',
      en: 'Call us on weekdays or visit the desk.',
    };
    const library = await buildLibrary(app.db, {
      settings: {
        texts: { offline },
        contact: { email: 'neuvonta@library.test', phone: '+358 9 123 4567' },
        openingHours: { chat: { [tomorrow]: [['09:00', '16:00']] } },
      },
    });
    // The customer's device is elsewhere: the library's times stay the library's.
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=fi`);
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    await page.getByText(offline.fi).waitFor();
    const closed = page.getByText(fi['status.closed']!.split('{day}')[0]!.trim());
    await closed.waitFor();
    assert.match(await closed.innerText(), /klo 9\.00/, 'opens at 9.00 library time');
    await page.getByText(fi['offline.insteadTitle']!).waitFor();
    await page.getByText(fi['offline.leaveMessage']!).waitFor();
    assert.equal(await page.getByRole('link', { name: 'neuvonta@library.test' }).getAttribute('href'), 'mailto:neuvonta@library.test');
    assert.equal(await page.getByRole('link', { name: '+358 9 123 4567' }).getAttribute('href'), 'tel:+35891234567');
    await page.getByText(fi['hours.title']!).click();
    await page.getByText('9.00–16.00').waitFor();
    // The zone in words, in the customer's language; not its IANA id.
    const zone = await page.evaluate(
      () =>
        new Intl.DateTimeFormat('fi', { timeZone: 'Europe/Helsinki', timeZoneName: 'longGeneric' })
          .formatToParts(0)
          .find((p) => p.type === 'timeZoneName')!.value,
    );
    await page.getByText(fi['hours.timeZone']!.replace('{timeZone}', zone)).waitFor();
    assert.ok(!(await page.getByRole('dialog').innerText()).includes('Europe/Helsinki'));
    await assertAxeClean(page, 'offline information fi');
    await page.getByLabel(fi['language.label']!).selectOption('sv');
    await page.getByText(offline.sv).waitFor();
    await page.getByText(sv['offline.leaveMessage']!).waitFor();

    // A library that configured nothing still says what to do.
    const bare = await buildLibrary(app.db);
    await page.goto(`${app.baseUrl}/demo/${bare.slug}?lang=en`);
    await page.getByRole('button', { name: catalogue('en')['launcher.open'] }).click();
    await page.getByText(catalogue('en')['status.offline']!).waitFor();
    await page.getByText(catalogue('en')['offline.leaveMessage']!).waitFor();
    await page.getByText(catalogue('en')['offline.website']!).waitFor();
    await context.close();
  });

  test('the demo page speaks the chosen language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const lang of ['fi', 'sv', 'en']) {
      await page.goto(`${app.baseUrl}/demo/${slug}?lang=${lang}`);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      assert.equal(await page.title(), load(lang, 'demo')['demo.title']);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), load(lang, 'demo')['demo.heading']);
      assert.equal(await page.locator(`a[aria-current="page"]`).getAttribute('lang'), lang);
    }
    await assertAxeClean(page, 'demo page en');
    await context.close();
  });

  test('no serious or critical axe violations, keyboard use, language switch', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${slug}?lang=fi`);
    // Keyboard only: tab to the launcher, open with Enter, write and send, Esc closes.
    const launcher = page.getByRole('button', { name: fi['launcher.open'] });
    for (
      let i = 0;
      i < 10 &&
      !(await launcher.evaluate(
        (el) => el.matches(':focus') || (el.getRootNode() !== document && (el.getRootNode() as ShadowRoot).activeElement === el),
      ));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type('Näppäimistöllä kirjoitettu');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Näppäimistöllä kirjoitettu').waitFor();
    await assertAxeClean(page, 'widget fi');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.querySelector('kanava-chat')?.shadowRoot?.activeElement?.className), 'launcher');

    await launcher.click();
    await page.getByLabel(fi['language.label']!).selectOption('sv');
    await page.getByRole('button', { name: sv['form.send'] }).waitFor();
    await page.getByLabel(sv['form.message']!).waitFor();
    await assertAxeClean(page, 'widget sv');
    await context.close();
  });
});
