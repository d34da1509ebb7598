// Browser tests of the staff app against the widget: a customer on the demo page and a
// staff member in the staff app talk live both ways; axe checks the staff screens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { HISTORY_PAGE } from '../../src/web/history.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser, recordCspViolations } from './support/browser.js';
import { gate } from './support/gate.js';

type Catalogue = Record<string, string>;
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const staffFi = load('fi', 'staff');
const staffSv = load('sv', 'staff');
const widgetFi = load('fi', 'widget');
/** A catalogue message with its values filled in, as the app formats it. */
const format = (lang: 'fi' | 'sv', catalogue: Catalogue, key: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(catalogue[key]!, lang).format(values));

describe('staff app in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  let library: Awaited<ReturnType<typeof buildLibrary>>;
  let admin: TestAccount;

  before(async () => {
    ensureFrontEndsBuilt();
    // Every test signs in through the form, more than the default per-minute limit allows.
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    library = await buildLibrary(app.db);
    slug = library.slug;
    admin = await buildAccount(app.db, library, { role: 'admin', displayName: 'Aino Admin' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(page: Page, catalogue: Catalogue) {
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(catalogue['signIn.email']!).fill(admin.email);
    await page.getByLabel(catalogue['signIn.password']!).fill(admin.password);
    await page.getByRole('button', { name: catalogue['signIn.submit'] }).click();
    await page.getByText(catalogue['live.connected']!).waitFor();
  }

  async function startChatAs(language: 'fi' | 'sv', name: string, body: string) {
    const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language, name, body } });
    assert.equal(response.status, 201);
    return (await response.json()) as { conversationId: string; customerToken: string };
  }

  async function startChat(language: 'fi' | 'sv', name: string, body: string): Promise<string> {
    return (await startChatAs(language, name, body)).conversationId;
  }

  /** The customer writes over the chat socket, as the widget does; resolves once it is stored. */
  async function customerWrites(chat: { conversationId: string; customerToken: string }, body: string) {
    const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws`);
    socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
    await socket.waitFor((f) => f.type === 'ready');
    socket.send({ type: 'send', clientId: `client-${body.length}-${Date.now()}`, body });
    await socket.waitFor((f) => f.type === 'ack');
    socket.close();
  }

  async function assigneeOf(conversationId: string, cookie: string): Promise<string | null> {
    const response = await app.request(`/api/v1/conversations/${conversationId}`, { cookie });
    return ((await response.json()) as { assignee: { id: string } | null }).assignee?.id ?? null;
  }

  /** Waits (up to 5 s) for something the server does after the page moved on. */
  async function eventually(check: () => boolean, what: string) {
    for (let i = 0; !check(); i += 1) {
      assert.ok(i < 100, what);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Picks an option of one of the header's selects (React Aria: a button and a list box). */
  async function choose(page: Page, label: string, option: string) {
    await page.locator('header.top').getByRole('button', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
    // (Its label may change with it: a language.)
    await page.locator('header.top .select-button').filter({ hasText: option }).waitFor();
  }

  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

  test('customer ↔ staff live both ways; the note never reaches the widget; claim and resolve', async () => {
    const staffContext = await browser.newContext({ locale: 'fi-FI' });
    // The staff app (its socket included) and the widget run under our Content-Security-Policy without a complaint.
    const staffViolations = await recordCspViolations(staffContext);
    const staff = await staffContext.newPage();
    const customerContext = await browser.newContext({ locale: 'fi-FI' });
    const customerViolations = await recordCspViolations(customerContext);
    const customer = await customerContext.newPage();
    await signIn(staff, staffFi);

    await customer.goto(`${app.baseUrl}/demo/${slug}?lang=fi`);
    await customer.getByRole('button', { name: widgetFi['launcher.open'] }).click();
    await customer.getByLabel(widgetFi['form.message']!).fill('Voinko uusia lainani puhelimella?');
    await customer.getByRole('button', { name: widgetFi['form.send'] }).click();

    // Appears in the staff inbox without a reload.
    const row = staff.getByRole('link', { name: /Voinko uusia lainani puhelimella/ });
    await row.waitFor();
    await row.click();
    await staff.getByRole('button', { name: staffFi['conversation.claim'] }).click();
    await staff.getByLabel(staffFi['reply.label']!).fill('Voit, numerossa 09 123 456.');
    await staff.getByRole('button', { name: staffFi['reply.send'] }).click();
    await customer.getByRole('log').getByText('Voit, numerossa 09 123 456.').waitFor();
    // The widget was open: the reply says it reached the customer.
    await staff
      .locator('.timeline > li')
      .filter({ hasText: 'Voit, numerossa 09 123 456.' })
      .getByText(staffFi['delivery.delivered']!, { exact: true })
      .waitFor();

    await staff.getByRole('checkbox', { name: staffFi['reply.internal'] }).check();
    await staff.getByLabel(staffFi['reply.noteLabel']!).fill('Asiakas soittaa ehkä myöhemmin');
    await staff.getByRole('button', { name: staffFi['reply.saveNote'] }).click();
    // In the timeline: the note may arrive over the socket before the reply box is cleared.
    await staff.getByRole('list', { name: staffFi['conversation.timeline'] }).getByText('Asiakas soittaa ehkä myöhemmin').waitFor();

    // The customer answers; it appears in the open conversation live.
    await customer.getByLabel(widgetFi['form.message']!).fill('Kiitos!');
    await customer.keyboard.press('Enter');
    await staff.locator('.timeline').getByText('Kiitos!').waitFor();

    await staff.getByRole('button', { name: staffFi['conversation.resolve'] }).click();
    await customer.getByText(widgetFi['event.resolved']!).waitFor();
    assert.ok(!(await customer.getByRole('log').innerText()).includes('Asiakas soittaa ehkä myöhemmin'));
    assert.equal(await staff.locator('.timeline').getByText('Kiitos!').count(), 1);
    assert.deepEqual([...staffViolations, ...customerViolations], []);
    await staffContext.close();
    await customerContext.close();
  });

  test('a customer name with a right-to-left override cannot reorder what follows it, in the inbox or the timeline', async () => {
    const chat = await startChatAs('fi', 'Placeholder', 'Kysymys nimen jälkeen');
    // Stored before names were checked (the API refuses such a name now).
    const customerId = (
      await app.db.selectFrom('conversations').select('customer_id').where('id', '=', chat.conversationId).executeTakeFirstOrThrow()
    ).customer_id;
    await app.db.updateTable('customers').set({ name: '\u202EAnna' }).where('id', '=', customerId).execute();
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, staffFi);
    await page.goto(`${app.baseUrl}/app/#/c/${chat.conversationId}`);
    const message = page.locator('.timeline > li.customer').filter({ hasText: 'Kysymys nimen jälkeen' });
    await message.waitFor();
    const layout = await message.evaluate((li) => {
      const name = li.querySelector('.meta bdi');
      const time = li.querySelector('.meta time');
      const body = li.querySelector('p');
      if (!name || !time || !body) return null;
      return {
        nameText: name.textContent,
        nameIsolated: getComputedStyle(name).unicodeBidi,
        nameRight: name.getBoundingClientRect().right,
        timeLeft: time.getBoundingClientRect().left,
        bodyDir: body.getAttribute('dir'),
        bodyIsolated: getComputedStyle(body).unicodeBidi,
      };
    });
    assert.ok(layout, 'the customer is a <bdi> and the time a <time> in the message heading');
    assert.equal(layout.nameText, '\u202EAnna');
    assert.equal(layout.nameIsolated, 'isolate');
    assert.ok(layout.timeLeft >= layout.nameRight - 0.5, `the time stays after the name (${layout.timeLeft} < ${layout.nameRight})`);
    assert.equal(layout.bodyDir, 'auto');
    assert.equal(layout.bodyIsolated, 'isolate');
    // The conversation's title and its row in the inbox isolate the name as well.
    const titleName = page.locator('#conversation-title bdi');
    assert.equal(await titleName.evaluate((el) => getComputedStyle(el).unicodeBidi), 'isolate');
    const row = page.locator('.conversation-list a').filter({ hasText: 'Kysymys nimen jälkeen' });
    const who = row.locator('.who');
    assert.equal(await who.evaluate((el) => el.tagName), 'BDI');
    assert.equal(await who.evaluate((el) => getComputedStyle(el).unicodeBidi), 'isolate');
    await context.close();
  });

  test('no serious or critical axe violations on sign-in, inbox and conversation, in Finnish and Swedish', async () => {
    const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, {
      json: { language: 'sv', name: 'Maja', body: 'Hej, var hittar jag e-böcker?' },
    });
    assert.equal(chat.status, 201);
    for (const [locale, catalogue] of [
      ['fi-FI', staffFi],
      ['sv-FI', staffSv],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/app/`);
      await page.getByRole('button', { name: catalogue['signIn.submit'] }).waitFor();
      await assertAxeClean(page, `sign-in ${locale}`);
      await signIn(page, catalogue);
      await assertAxeClean(page, `inbox ${locale}`);
      const row = page.getByRole('link', { name: /var hittar jag e-böcker/ });
      assert.ok((await row.innerText()).includes(`· ${catalogue['lang.sv']} ·`), 'the inbox names the language, not its code');
      await row.click();
      await page.getByLabel(catalogue['reply.label']!).waitFor();
      await assertAxeClean(page, `conversation ${locale}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), locale.slice(0, 2));
      await context.close();
    }
  });

  test('a conversation longer than a page opens at its newest message; earlier pages load on demand, keeping focus and place', async () => {
    const conversationId = await startChat('fi', 'Pitkä Keskustelija', 'Aloitusviesti pitkään keskusteluun');
    const cookie = await app.signIn(admin);
    // Three pages before the first one: two full ones in a row say the same count.
    const replies = HISTORY_PAGE * 3 + 10;
    for (let i = 1; i <= replies; i += 1) {
      const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, {
        json: { body: `Vastaus numero ${i}` },
        cookie,
      });
      assert.equal(response.status, 201);
    }
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, staffFi);
    await page.goto(`${app.baseUrl}/app/#/c/${conversationId}`);
    const timeline = page.getByRole('list', { name: staffFi['conversation.timeline'] });
    await timeline.getByText(`Vastaus numero ${replies}`, { exact: true }).waitFor();
    const items = timeline.locator(':scope > li');
    assert.equal(await items.count(), HISTORY_PAGE, 'one page, the newest, is shown first');
    assert.equal(await timeline.getByText('Aloitusviesti pitkään keskusteluun').count(), 0);
    await assertAxeClean(page, 'long conversation fi');

    // Read from the top of what is shown, then ask for more: the same message stays put.
    const firstShown = `Vastaus numero ${replies - HISTORY_PAGE + 1}`;
    const offsetOf = (text: string) =>
      timeline.evaluate((list, wanted) => {
        list.scrollTop = list.scrollTop; // force layout
        const item = [...list.querySelectorAll(':scope > li')].find((li) => li.querySelector('p')?.textContent === wanted)!;
        return item.getBoundingClientRect().top - list.getBoundingClientRect().top;
      }, text);
    await timeline.evaluate((list) => {
      list.scrollTop = 0;
    });
    const before = await offsetOf(firstShown);
    const showEarlier = page.getByRole('button', { name: staffFi['conversation.showEarlier'] });
    await showEarlier.focus();
    await page.keyboard.press('Enter');
    const fullPage = format('fi', staffFi, 'conversation.earlierLoaded', { count: HISTORY_PAGE });
    await page.getByRole('status').filter({ hasText: fullPage }).waitFor();
    assert.equal(await items.count(), HISTORY_PAGE * 2);
    assert.ok(Math.abs((await offsetOf(firstShown)) - before) < 2, 'the message read before stays where it was');
    assert.equal(await focusedText(page), staffFi['conversation.showEarlier'], 'focus stays on the button while more exist');

    // The next full page says the same: the status is emptied first, so it is read out again.
    const statusTexts = page.locator('.timeline-area > [role="status"]');
    await statusTexts.evaluate((status) => {
      const seen: string[] = [];
      (window as unknown as { statusSeen: string[] }).statusSeen = seen;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { statusSeen: string[] }).statusSeen.length >= 2);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { statusSeen: string[] }).statusSeen), ['', fullPage]);
    assert.equal(await items.count(), HISTORY_PAGE * 3);

    await page.keyboard.press('Enter');
    await timeline.getByText('Aloitusviesti pitkään keskusteluun').waitFor();
    await page.getByText(staffFi['conversation.beginning']!).waitFor();
    assert.equal(await showEarlier.count(), 0);
    assert.equal(await items.count(), replies + 1);
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby')),
      'timeline-title',
      'focus moves to the list when the button goes',
    );

    // A live message lands at the bottom, once, without moving the earlier ones being read.
    const readingAt = await timeline.evaluate((list) => list.scrollTop);
    const fromBottom = () => timeline.evaluate((list) => list.scrollHeight - list.scrollTop - list.clientHeight);
    assert.ok((await fromBottom()) > 100, 'reading earlier messages, far from the bottom');
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Viimeisin vastaus' }, cookie });
    await timeline.getByText('Viimeisin vastaus').waitFor();
    assert.equal(await items.last().locator('p').innerText(), 'Viimeisin vastaus');
    assert.equal(await timeline.getByText('Viimeisin vastaus').count(), 1);
    assert.equal(await timeline.evaluate((list) => list.scrollTop), readingAt, 'the list stayed where the reader was');
    // Read down to the newest: the next one scrolls into view.
    await timeline.evaluate(
      (list) =>
        new Promise<void>((resolve) => {
          list.addEventListener('scroll', () => resolve(), { once: true });
          list.scrollTop = list.scrollHeight;
        }),
    );
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Aivan viimeisin vastaus' }, cookie });
    await timeline.getByText('Aivan viimeisin vastaus').waitFor();
    assert.ok((await fromBottom()) < 2, 'at the bottom, the new message is in view');
    await assertAxeClean(page, 'long conversation fully loaded fi');
    await context.close();
  });

  test('switching conversations shows only the chosen one: nothing of the previous one while it loads, nor a late reply or live message of it', async () => {
    const first = await startChatAs('fi', 'Eka Asiakas', 'Ensimmäisen keskustelun aloitus');
    const second = await startChatAs('fi', 'Toka Asiakas', 'Toisen keskustelun aloitus');
    const cookie = await app.signIn(admin);
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, staffFi);
    await page.goto(`${app.baseUrl}/app/#/c/${first.conversationId}`);
    const timeline = page.getByRole('list', { name: staffFi['conversation.timeline'] });
    await timeline.getByText('Ensimmäisen keskustelun aloitus').waitFor();

    // The reply to the first conversation and the second one's first page are held back.
    const reply = gate();
    await page.route(`**/api/v1/conversations/${first.conversationId}/messages`, async (route) => {
      if (route.request().method() === 'POST') await reply.passed;
      await route.continue();
    });
    const secondPage = gate();
    await page.route(`**/api/v1/conversations/${second.conversationId}/messages?*`, async (route) => {
      await secondPage.passed;
      await route.continue();
    });
    await page.getByLabel(staffFi['reply.label']!).fill('Myöhästynyt vastaus ensimmäiseen');
    await page.getByRole('button', { name: staffFi['reply.send'] }).click();
    await page.getByRole('link', { name: /Toisen keskustelun aloitus/ }).click();
    await page.getByText(staffFi['common.loading']!, { exact: true }).waitFor();
    assert.equal(await timeline.count(), 0, 'the first conversation is not shown while the second loads');
    assert.equal(await page.getByText(staffFi['conversation.beginning']!).count(), 0);

    secondPage.open();
    await timeline.getByText('Toisen keskustelun aloitus').waitFor();
    // The first conversation's reply (the same seq as the second's next message) answers now,
    // and a live message of the first one arrives: neither belongs here.
    const replied = page.waitForResponse(
      (r) => r.url().endsWith(`/conversations/${first.conversationId}/messages`) && r.request().method() === 'POST',
    );
    reply.open();
    assert.equal((await replied).status(), 201);
    await app.request(`/api/v1/conversations/${first.conversationId}/messages`, { json: { body: 'Elävä viesti ensimmäiseen' }, cookie });
    const long = `Toisen asiakkaan pitkä kysymys ${'ja vielä lisää '.repeat(30)}`;
    await customerWrites(second, long);
    await timeline.getByText(long).waitFor();
    assert.deepEqual(await timeline.locator(':scope > li > p').allInnerTexts(), ['Toisen keskustelun aloitus', long]);
    // Announced by its start, as the inbox shows it, not all of it.
    const announced = format('fi', staffFi, 'inbox.newMessage', { customer: 'Toka Asiakas', body: long.slice(0, 140) });
    await page.locator('[aria-live="polite"]').filter({ hasText: announced }).waitFor();
    assert.equal(await page.locator('[aria-live="polite"]').innerText(), announced);

    await page.getByRole('link', { name: /Elävä viesti ensimmäiseen/ }).click();
    await timeline.getByText('Elävä viesti ensimmäiseen').waitFor();
    assert.deepEqual(await timeline.locator(':scope > li > p').allInnerTexts(), [
      'Ensimmäisen keskustelun aloitus',
      'Myöhästynyt vastaus ensimmäiseen',
      'Elävä viesti ensimmäiseen',
    ]);
    await context.close();
  });

  test('a language switch reconnects quietly and keeps "away"', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, staffFi);
    await choose(page, staffFi['presence.label']!, staffFi['presence.away']!);
    const online = () => app.runtime.hub.staffOnline(library.id);
    await eventually(() => online() === 0, 'marked away');
    // Every text the connection status shows from here on.
    await page.locator('.live').evaluate((status) => {
      const seen: string[] = [];
      (window as unknown as { liveSeen: string[] }).liveSeen = seen;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const reconnected = page.waitForEvent('websocket', (ws) => /[?&]lang=sv\b/.test(ws.url()));
    await choose(page, staffFi['language.label']!, 'svenska');
    await reconnected;
    await page.getByText(staffSv['live.connected']!).waitFor();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const seen = await page.evaluate(() => (window as unknown as { liveSeen: string[] }).liveSeen);
    assert.ok(
      !seen.includes(staffFi['live.reconnecting']!) && !seen.includes(staffSv['live.reconnecting']!),
      `no "reconnecting": ${seen.join(' | ')}`,
    );
    assert.match(await page.getByRole('button', { name: staffSv['presence.label'] }).innerText(), new RegExp(staffSv['presence.away']!));
    await eventually(() => online() === 0, 'the new socket is away too');
    await context.close();
  });

  test("claiming a colleague's conversation says who has it and takes over only when asked", async () => {
    const colleague = await buildAccount(app.db, library, { role: 'staff', displayName: 'Bo Kollega' });
    const conversationId = await startChat('sv', 'Sixten', 'Kan jag låna om böckerna på nätet?');
    const colleagueCookie = await app.signIn(colleague);
    const claimed = await app.request(`/api/v1/conversations/${conversationId}/claim`, { json: {}, cookie: colleagueCookie });
    assert.equal(claimed.status, 200);

    const context = await browser.newContext({ locale: 'sv-FI' });
    const page = await context.newPage();
    await signIn(page, staffSv);
    await page.getByRole('link', { name: /låna om böckerna på nätet/ }).click();
    const timeline = page.getByRole('list', { name: staffSv['conversation.timeline'] });
    await timeline.getByText('Bo Kollega tog konversationen').waitFor();

    // No connection: our own sentence, not the browser's.
    await page.route('**/api/v1/conversations/*/claim', (route) => route.abort());
    await page.getByRole('button', { name: staffSv['conversation.claim'] }).click();
    await page.getByRole('alert').filter({ hasText: staffSv['error.network']! }).waitFor();
    await page.unroute('**/api/v1/conversations/*/claim');

    await page.getByRole('button', { name: staffSv['conversation.claim'] }).click();
    await page.getByText(format('sv', staffSv, 'claim.heldBy', { name: 'Bo Kollega' })).waitFor();
    assert.equal(await focusedText(page), staffSv['claim.takeOver'], 'focus moves to the question');
    const adminCookie = await app.signIn(admin);
    assert.equal(await assigneeOf(conversationId, adminCookie), colleague.id, 'the plain claim took nothing');
    await assertAxeClean(page, 'take-over question sv');

    await page.getByRole('button', { name: staffSv['claim.takeOver'] }).click();
    await page.getByText(format('sv', staffSv, 'conversation.assignedTo', { name: admin.displayName })).waitFor();
    await timeline.getByText(`${admin.displayName} tog konversationen`).waitFor();
    assert.equal(await assigneeOf(conversationId, adminCookie), admin.id);
    assert.equal(await page.getByRole('button', { name: staffSv['claim.takeOver'] }).count(), 0);

    await page.getByRole('button', { name: staffSv['conversation.resolve'] }).click();
    await timeline.getByText(`${admin.displayName} ändrade status från öppen till löst`).waitFor();
    assert.ok(!(await timeline.innerText()).includes('status_changed'));
    await context.close();
  });

  test('the audit log reads as sentences in the library time zone, in Finnish and Swedish', async () => {
    const person = await buildAccount(app.db, library, { role: 'staff', displayName: 'Cecilia Testaaja' });
    const cookie = await app.signIn(admin);
    const changed = await app.request(`/api/v1/accounts/${person.id}`, { method: 'PATCH', json: { role: 'supervisor' }, cookie });
    assert.equal(changed.status, 200);
    const expected = {
      fi: ['Kirjautui sisään', 'Muutti roolin asiakaspalvelijasta esihenkilöksi', 'Tili: Cecilia Testaaja'],
      sv: ['Loggade in', 'Ändrade rollen från kundtjänst till chef', 'Konto: Cecilia Testaaja'],
    };
    for (const [lang, catalogue] of [
      ['fi', staffFi],
      ['sv', staffSv],
    ] as const) {
      // The device is elsewhere; times must follow the library (Europe/Helsinki by default).
      const context = await browser.newContext({ locale: `${lang}-FI`, timezoneId: 'America/New_York' });
      const page = await context.newPage();
      await signIn(page, catalogue);
      await page.getByRole('button', { name: catalogue['shell.admin'] }).click();
      await page.getByRole('menuitem', { name: catalogue['nav.audit'] }).click();
      const table = page.getByRole('table');
      for (const text of expected[lang]) await table.getByText(text, { exact: true }).first().waitFor();
      const shown = await table.innerText();
      for (const code of ['auth.sign_in', 'account.role_changed', 'account ']) assert.ok(!shown.includes(code), `${lang}: no raw ${code}`);

      const time = table.locator('time').first();
      const [text, inLibraryZone, onDevice] = await time.evaluate((element, language) => {
        const at = new Date(element.getAttribute('datetime')!);
        const options = { dateStyle: 'short', timeStyle: 'short' } as const;
        return [
          element.textContent,
          new Intl.DateTimeFormat(language, { ...options, timeZone: 'Europe/Helsinki' }).format(at),
          new Intl.DateTimeFormat(language, options).format(at),
        ];
      }, lang);
      assert.equal(text, inLibraryZone);
      assert.notEqual(text, onDevice);
      await assertAxeClean(page, `audit ${lang}`);
      await context.close();
    }
  });

  test('a reply to a closed widget waits for the customer, a failure stands out, and both turn delivered when the widget connects; axe in fi and sv', async () => {
    const customerContext = await browser.newContext({ locale: 'fi-FI' });
    let customer = await customerContext.newPage();
    await customer.goto(`${app.baseUrl}/demo/${slug}?lang=fi`);
    await customer.getByRole('button', { name: widgetFi['launcher.open'] }).click();
    await customer.getByLabel(widgetFi['form.message']!).fill('Onko varaukseni jo noudettavissa?');
    await customer.getByRole('button', { name: widgetFi['form.send'] }).click();
    await customer.waitForFunction(() => !document.querySelector('kanava-chat')?.shadowRoot?.querySelector('li.pending'));
    const { id: conversationId } = await app.db
      .selectFrom('conversations')
      .select('id')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    // The customer leaves: once the server has seen the widget's socket close, replies wait.
    await customer.close();
    await eventually(() => app.runtime.hub.customerSockets(conversationId) === 0, 'the widget socket closed');

    const staffContext = await browser.newContext({ locale: 'fi-FI' });
    const staff = await staffContext.newPage();
    await signIn(staff, staffFi);
    await staff.goto(`${app.baseUrl}/app/#/c/${conversationId}`);
    const timeline = staff.getByRole('list', { name: staffFi['conversation.timeline'] });
    const item = (body: string) => timeline.locator(':scope > li').filter({ hasText: body });
    await item('Onko varaukseni jo noudettavissa?').waitFor();
    for (const body of ['Tarkistan asian.', 'Varaus on noudettavissa.']) {
      await staff.getByLabel(staffFi['reply.label']!).fill(body);
      await staff.getByRole('button', { name: staffFi['reply.send'] }).click();
      await item(body).getByText(staffFi['delivery.queuedChat']!).waitFor();
    }
    assert.equal(await item('Onko varaukseni jo noudettavissa?').locator('.delivery').count(), 0, "a customer's message has no delivery");

    // The channel fails the second reply: said in words (and aloud), marked apart from the rest.
    const failedReply = await app.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('body', '=', 'Varaus on noudettavissa.')
      .executeTakeFirstOrThrow();
    await app.runtime.outbound.record(library.id, failedReply.id, { status: 'failed', error: 'adapter_error', attempt: true });
    const reasonFi = format('fi', staffFi, 'delivery.reason', { code: 'adapter_error' });
    await item('Varaus on noudettavissa.')
      .getByText(format('fi', staffFi, 'delivery.failed', { reason: reasonFi }))
      .waitFor();
    assert.equal(await item('Varaus on noudettavissa.').locator('.delivery.failed').count(), 1);
    await staff
      .locator('[aria-live="polite"]')
      .filter({
        hasText: format('fi', staffFi, 'delivery.failedAnnouncement', { customer: staffFi['customer.anonymous']!, reason: reasonFi }),
      })
      .waitFor();
    await item('Tarkistan asian.').getByText(staffFi['delivery.queuedChat']!).waitFor();
    await assertAxeClean(staff, 'timeline with waiting and failed replies fi');

    // A colleague reading in Swedish sees the same states in Swedish.
    const svContext = await browser.newContext({ locale: 'sv-FI' });
    const colleague = await svContext.newPage();
    await signIn(colleague, staffSv);
    await colleague.goto(`${app.baseUrl}/app/#/c/${conversationId}`);
    const svTimeline = colleague.getByRole('list', { name: staffSv['conversation.timeline'] });
    await svTimeline.getByText(staffSv['delivery.queuedChat']!).waitFor();
    const reasonSv = format('sv', staffSv, 'delivery.reason', { code: 'adapter_error' });
    await svTimeline.getByText(format('sv', staffSv, 'delivery.failed', { reason: reasonSv })).waitFor();
    await assertAxeClean(colleague, 'timeline with waiting and failed replies sv');

    // The customer comes back: the widget catches up, and both replies reach them.
    customer = await customerContext.newPage();
    await customer.goto(`${app.baseUrl}/demo/${slug}?lang=fi`);
    await customer.getByRole('button', { name: widgetFi['launcher.open'] }).click();
    await customer.getByRole('log').getByText('Varaus on noudettavissa.').waitFor();
    for (const body of ['Tarkistan asian.', 'Varaus on noudettavissa.']) {
      await item(body).getByText(staffFi['delivery.delivered']!, { exact: true }).waitFor();
      await svTimeline
        .locator(':scope > li')
        .filter({ hasText: body })
        .getByText(staffSv['delivery.delivered']!, { exact: true })
        .waitFor();
    }
    assert.equal(await timeline.locator('.delivery.failed').count(), 0);
    await assertAxeClean(staff, 'timeline with delivered replies fi');
    await assertAxeClean(colleague, 'timeline with delivered replies sv');
    await Promise.all([customerContext.close(), staffContext.close(), svContext.close()]);
  });

  test('an error frame from the live connection is shown in a status line until hidden', async () => {
    const context = await browser.newContext({ locale: 'fi-FI' });
    // Between the app and the server: lets the test send the server a frame it refuses.
    const toServer: { send(message: string): void }[] = [];
    await context.routeWebSocket(/\/api\/v1\/ws(\?|$)/, (socket) => {
      toServer.push(socket.connectToServer());
    });
    const page = await context.newPage();
    await signIn(page, staffFi);
    assert.equal(toServer.length, 1);
    toServer[0]!.send(JSON.stringify({ type: 'no-such-frame' }));
    const notice = page.getByRole('status').filter({ hasText: staffFi['live.error']!.replace('{message}', '') });
    await notice.waitFor();
    // The server's own (translated) words, not a code.
    assert.match(await notice.innerText(), /Viestiä ei voitu lukea/);
    assert.ok(!(await notice.innerText()).includes('invalid_frame'));
    await page.getByText(staffFi['live.connected']!).waitFor();
    await assertAxeClean(page, 'live error notice fi');
    await page.getByRole('button', { name: staffFi['live.dismiss'] }).click();
    await notice.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves on with the button gone');
    await context.close();
  });

  test('the skip link keeps the open conversation; a session ended by the server returns to sign-in with a notice', async () => {
    const conversationId = await startChat('fi', 'Ohittaja', 'Missä on lähin palautusluukku?');
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, staffFi);
    await page.goto(`${app.baseUrl}/app/#/c/${conversationId}`);
    await page.reload(); // a fresh page: the first Tab starts from the top
    const timeline = page.getByRole('list', { name: staffFi['conversation.timeline'] });
    await timeline.getByText('Missä on lähin palautusluukku?').waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await focusedText(page), staffFi['app.skip']);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    assert.equal(await page.evaluate(() => location.hash), `#/c/${conversationId}`);
    await timeline.getByText('Missä on lähin palautusluukku?').waitFor();

    // Signing this session out elsewhere closes its socket (4401): back to the form, told why.
    const session = (await context.cookies()).find((c) => c.name === 'kanava_session');
    assert.ok(session);
    const out = await app.request('/api/v1/auth/logout', { method: 'POST', cookie: `${session.name}=${session.value}` });
    assert.equal(out.status, 204);
    await page.getByRole('alert').filter({ hasText: staffFi['signIn.sessionEnded']! }).waitFor();
    await page.getByLabel(staffFi['signIn.email']!).waitFor();
    await assertAxeClean(page, 'sign-in after the session ended fi');
    await context.close();
  });
});
