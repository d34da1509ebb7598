// The staff app's shell in Chromium, in Finnish and Swedish: a header that stays one row at
// 1366 px and folds its navigation into a menu on a phone, keyboard shortcuts with their help
// dialog, alerts of new and reassigned conversations (title count, screen-reader announcement,
// desktop notifications without the customer's words unless allowed), and the staff list's
// confirmations. axe checks every screen and dialog.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
type Lang = 'fi' | 'sv';
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Catalogue;
const staff: Record<Lang, Catalogue> = { fi: load('fi'), sv: load('sv') };
const locales: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI' };
/** A catalogue message with its values filled in, as the app formats it (without the isolation marks). */
const format = (lang: Lang, key: string, values: Record<string, string | number> = {}) =>
  String(new IntlMessageFormat(staff[lang][key]!, lang).format(values));
/** Text as the app shows it, with the FSI/PDI isolation marks around names taken out. */
const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '');

describe('staff app shell in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let library: Awaited<ReturnType<typeof buildLibrary>>;
  let admin: TestAccount;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    library = await buildLibrary(app.db);
    admin = await buildAccount(app.db, library, { role: 'admin', displayName: 'Aino Admin' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(page: Page, lang: Lang, account: TestAccount = admin) {
    const c = staff[lang];
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(c['signIn.email']!).fill(account.email);
    await page.getByLabel(c['signIn.password']!).fill(account.password);
    await page.getByRole('button', { name: c['signIn.submit'] }).click();
    await page.getByText(c['live.connected']!).waitFor();
  }

  async function newPage(lang: Lang, viewport = { width: 1366, height: 768 }, extra: Parameters<Browser['newContext']>[0] = {}) {
    const context = await browser.newContext({ locale: locales[lang], viewport, ...extra });
    return { context, page: await context.newPage() };
  }

  async function startChat(language: Lang, name: string, body: string): Promise<string> {
    const response = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: { language, name, body } });
    assert.equal(response.status, 201);
    return ((await response.json()) as { conversationId: string }).conversationId;
  }

  const baseTitle = (lang: Lang) => staff[lang]['app.title']!;

  for (const lang of ['fi', 'sv'] as const) {
    const c = staff[lang];

    test(`${lang}: the header is one row at 1366 px and folds its navigation into a menu at 390 px`, async () => {
      const { context, page } = await newPage(lang);
      await signIn(page, lang);
      const header = page.locator('header.top');
      const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
      const row = async () => {
        const parts = await Promise.all(['header.top .brand', 'header.top .main-nav', 'header.top .header-tools'].map(box));
        const h = (await header.boundingBox())!;
        return { parts, header: h };
      };
      let layout = await row();
      assert.ok(layout.header.height < 64, `one row high (${layout.header.height})`);
      for (const part of layout.parts) {
        assert.ok(part.y >= layout.header.y && part.y + part.height <= layout.header.y + layout.header.height + 0.5, 'inside the header');
        assert.ok(Math.abs(part.y + part.height / 2 - (layout.header.y + layout.header.height / 2)) < 4, 'on one line');
      }
      // Side by side, in order, none cut off.
      assert.ok(layout.parts[0]!.x + layout.parts[0]!.width <= layout.parts[1]!.x + 0.5);
      assert.ok(layout.parts[1]!.x + layout.parts[1]!.width <= layout.parts[2]!.x + 0.5);
      assert.ok(layout.parts[2]!.x + layout.parts[2]!.width <= 1366);
      const nav = page.getByRole('navigation', { name: c['nav.label'] });
      await nav.getByRole('link', { name: c['nav.inbox'] }).waitFor();
      assert.equal(await nav.getByRole('link', { name: c['nav.inbox'] }).getAttribute('aria-current'), 'page');
      assert.equal(await nav.getByRole('button', { name: c['shell.menu'] }).count(), 0, 'no menu button on a wide screen');
      await assertAxeClean(page, `inbox at 1366 ${lang}`);

      await page.setViewportSize({ width: 390, height: 844 });
      layout = await row();
      assert.ok(layout.header.height < 64, `one row high on a phone (${layout.header.height})`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'nothing wider than the phone');
      assert.equal(await nav.getByRole('link', { name: c['nav.inbox'] }).count(), 0, 'the links are folded away');
      const menu = nav.getByRole('button', { name: c['shell.menu'] });
      await menu.click();
      await page.getByRole('menu').waitFor();
      await assertAxeClean(page, `navigation menu at 390 ${lang}`);
      await page.getByRole('menuitem', { name: c['nav.accounts'] }).click();
      await page.getByRole('heading', { name: c['accounts.title'] }).waitFor();
      assert.equal(await page.evaluate(() => location.hash), '#/accounts');
      // The user menu holds the password change, notifications, shortcuts and sign-out.
      await page.getByRole('button', { name: admin.displayName, exact: true }).click();
      for (const key of ['nav.password', 'shell.alerts.settingsTitle', 'shell.shortcuts.title', 'nav.signOut']) {
        await page.getByRole('menuitem', { name: c[key] }).waitFor();
      }
      await page.keyboard.press('Escape');
      await page.getByRole('menu').waitFor({ state: 'detached' });
      await assertAxeClean(page, `staff list at 390 ${lang}`);
      await context.close();
    });

    test(`${lang}: keyboard only — shortcuts move between screens and conversations, ? lists them, never while typing`, async () => {
      await startChat(lang, `Kirjoittaja ${lang}`, lang === 'fi' ? 'Näppäimistökysymys' : 'Tangentbordsfråga');
      const { context, page } = await newPage(lang);
      await signIn(page, lang);
      const hash = () => page.evaluate(() => location.hash);

      await page.keyboard.press('g');
      await page.keyboard.press('s');
      await page.getByRole('heading', { name: c['accounts.title'] }).waitFor();
      assert.equal(await hash(), '#/accounts');
      await page.keyboard.press('g');
      await page.keyboard.press('l');
      await page.getByRole('heading', { name: c['audit.title'] }).waitFor();
      await page.keyboard.press('g');
      await page.keyboard.press('i');
      await page.getByRole('heading', { name: c['inbox.title'] }).waitFor();
      assert.equal(await hash(), '#/');

      // j moves to the first conversation in the list; Enter opens it.
      await page.keyboard.press('j');
      const focused = await page.evaluate(() => document.activeElement?.closest('.conversation-list') !== null);
      assert.ok(focused, 'focus is on a conversation in the list');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash.startsWith('#/c/'));

      // ? opens the list of shortcuts in the person's language; Esc closes it, focus returns.
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: c['shell.shortcuts.title'] });
      await dialog.waitFor();
      const listed = await dialog.innerText();
      for (const text of [
        format(lang, 'shell.shortcuts.goTo', { screen: c['nav.inbox']! }),
        format(lang, 'shell.shortcuts.goTo', { screen: c['nav.accounts']! }),
        c['shell.shortcuts.next']!,
        c['shell.shortcuts.help']!,
        c['shell.shortcuts.close']!,
      ]) {
        assert.ok(listed.includes(text), `the help lists "${text}"`);
      }
      await assertAxeClean(page, `shortcuts help ${lang}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // Typing a "?" or "g s" in a field is text, not a shortcut.
      const reply = page.getByLabel(c['reply.label']!);
      await reply.focus();
      await page.keyboard.type('g s ?');
      assert.equal(await reply.inputValue(), 'g s ?');
      assert.equal(await page.getByRole('dialog').count(), 0);
      assert.ok((await hash()).startsWith('#/c/'), 'still in the conversation');

      // The user menu by keyboard: its items are reachable with the arrows.
      await page.getByRole('button', { name: admin.displayName, exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menu').waitFor();
      // Opened by keyboard, the menu starts at its first item (saved replies); the arrows
      // reach the next (the password change).
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: c['password.title'] }).waitFor();
      await assertAxeClean(page, `password ${lang}`);
      await context.close();
    });

    test(`${lang}: a new or reassigned conversation counts in the title on another screen, is announced, and the count resets when seen`, async () => {
      const person = await buildAccount(app.db, library, { role: 'staff', displayName: `Vuorolainen ${lang}` });
      const { context, page } = await newPage(lang);
      await signIn(page, lang, person);
      await page.goto(`${app.baseUrl}/app/#/password`);
      await page.getByRole('heading', { name: c['password.title'] }).waitFor();
      assert.equal(await page.title(), baseTitle(lang));
      await recordAnnouncements(page);

      const firstId = await startChat(lang, 'Eeva Esimerkki', 'Ensimmäinen hälytys');
      await page.waitForFunction(
        (title) => document.title === title,
        format(lang, 'shell.alerts.documentTitle', { count: 1, title: baseTitle(lang) }),
      );
      const announced = format(lang, 'shell.alerts.newAnnouncement', {
        customer: 'Eeva Esimerkki',
        channel: `${c['channel.chat']} · ${c[`lang.${lang}`]}`,
      });
      await announcedAlready(page, announced);

      // A colleague gives the person a conversation: counted too (the person did not take it).
      const cookie = await app.signIn(admin);
      const given = await app.request(`/api/v1/conversations/${firstId}/assign`, { json: { assigneeId: person.id, force: false }, cookie });
      assert.equal(given.status, 200);
      const secondId = await startChat(lang, 'Toinen Asiakas', 'Toinen hälytys');
      const assignedAnnouncement = format(lang, 'shell.alerts.assignedAnnouncement', {
        name: admin.displayName,
        customer: 'Toinen Asiakas',
      });
      const reassigned = await app.request(`/api/v1/conversations/${secondId}/assign`, {
        json: { assigneeId: person.id, force: false },
        cookie,
      });
      assert.equal(reassigned.status, 200);
      await announcedAlready(page, assignedAnnouncement);
      // Two conversations unseen (the first one, new and then given, counts once).
      await page.waitForFunction(
        (title) => document.title === title,
        format(lang, 'shell.alerts.documentTitle', { count: 2, title: baseTitle(lang) }),
      );

      // The inbox on screen: seen.
      await page.keyboard.press('g');
      await page.keyboard.press('i');
      await page.waitForFunction((title) => document.title === title, baseTitle(lang));

      // The person's own claim is no alert.
      const thirdId = await startChat(lang, `Kolmas ${lang}`, `Kolmas viesti ${lang}`);
      await page.getByRole('link', { name: new RegExp(`Kolmas viesti ${lang}`) }).waitFor();
      await page.goto(`${app.baseUrl}/app/#/password`);
      const own = await app.request(`/api/v1/conversations/${thirdId}/claim`, { json: {}, cookie: await app.signIn(person) });
      assert.equal(own.status, 200);
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
      assert.equal(await page.title(), baseTitle(lang));
      await context.close();
    });

    test(`${lang}: a desktop notification leaves out the customer's name and words unless the person allows them`, async () => {
      const { context, page } = await newPage(lang, undefined, { permissions: ['notifications'] });
      await captureNotifications(context);
      await signIn(page, lang);
      const notes = () => page.evaluate(() => (window as unknown as { notes: { title: string; body: string }[] }).notes);

      // Off until turned on: nothing shown.
      await page.goto(`${app.baseUrl}/app/#/password`);
      await startChat(lang, 'Hiljainen Asiakas', 'Ei ilmoitusta tästä');
      await page.waitForFunction((title) => document.title !== title, baseTitle(lang));
      assert.deepEqual(await notes(), []);
      assert.equal(await page.evaluate(() => (window as unknown as { asked: number }).asked), 0, 'permission not asked before');

      await openNotificationSettings(page, lang);
      const desktop = page.getByRole('switch', { name: c['shell.alerts.desktop'] });
      const showText = page.getByRole('switch', { name: c['shell.alerts.showText'] });
      assert.equal(await showText.isChecked(), false, 'the words are off by default');
      // (The switch's input is visually hidden: operated as a keyboard user does.)
      await desktop.focus();
      await page.keyboard.press('Space');
      await page.waitForFunction(() => (window as unknown as { asked: number }).asked === 1);
      assert.equal(await desktop.isChecked(), true);
      assert.equal(await page.evaluate(() => (window as unknown as { asked: number }).asked), 1, 'asked when turned on');
      await assertAxeClean(page, `notification settings ${lang}`);
      await page.getByRole('button', { name: c['shell.close'] }).click();

      await startChat(lang, 'Salla Salainen', 'Lainakortin numero 12345');
      await page.waitForFunction(() => (window as unknown as { notes: unknown[] }).notes.length === 1);
      const [first] = await notes();
      assert.equal(first!.title, c['shell.alerts.newTitle']);
      assert.ok(!first!.body.includes('12345') && !first!.body.includes('Salla'), `no name or words: ${first!.body}`);
      assert.equal(first!.body, `${c['channel.chat']} · ${c[`lang.${lang}`]}`);

      await openNotificationSettings(page, lang);
      await showText.focus();
      await page.keyboard.press('Space');
      assert.equal(await showText.isChecked(), true);
      await page.keyboard.press('Escape');
      await startChat(lang, 'Sakari Sallittu', 'Milloin kirjasto aukeaa?');
      await page.waitForFunction(() => (window as unknown as { notes: unknown[] }).notes.length === 2);
      const second = (await notes())[1]!;
      assert.equal(plain(second.body), 'Sakari Sallittu: Milloin kirjasto aukeaa?');

      // Kept on this device: a reload keeps the choices.
      await page.reload();
      await page.getByText(c['live.connected']!).waitFor();
      await openNotificationSettings(page, lang);
      assert.equal(await page.getByRole('switch', { name: c['shell.alerts.showText'] }).isChecked(), true);
      await context.close();
    });

    test(`${lang}: a role change and a deactivation are confirmed first, and each says how it went`, async () => {
      const person = await buildAccount(app.db, library, { role: 'staff', displayName: `Rooli Testaaja ${lang}` });
      const { context, page } = await newPage(lang);
      await signIn(page, lang);
      await page.goto(`${app.baseUrl}/app/#/accounts`);
      const roleOf = page.getByRole('button', { name: format(lang, 'accounts.roleOf', { name: person.displayName }) });
      await roleOf.waitFor();
      const roleInDb = async () =>
        (await app.db.selectFrom('accounts').select(['role', 'active']).where('id', '=', person.id).executeTakeFirstOrThrow()) as {
          role: string;
          active: boolean;
        };

      // Choosing a role asks first; cancelling changes nothing.
      await roleOf.click();
      await page.getByRole('option', { name: c['role.supervisor'] }).click();
      const question = page.getByRole('alertdialog', { name: format(lang, 'shell.accounts.roleTitle', { name: person.displayName }) });
      await question.waitFor();
      assert.ok(
        (await question.innerText()).includes(
          format(lang, 'shell.accounts.roleBody', { from: c['role.staff']!, to: c['role.supervisor']! }),
        ),
      );
      await assertAxeClean(page, `role change question ${lang}`);
      await question.getByRole('button', { name: c['common.cancel'] }).click();
      await question.waitFor({ state: 'detached' });
      assert.equal((await roleInDb()).role, 'staff');
      assert.match(await roleOf.innerText(), new RegExp(c['role.staff']!));

      // No connection: said in the dialog, which stays open; nothing changed.
      await page.route('**/api/v1/accounts/*', (route) => (route.request().method() === 'PATCH' ? route.abort() : route.continue()));
      await roleOf.click();
      await page.getByRole('option', { name: c['role.supervisor'] }).click();
      await question.getByRole('button', { name: c['shell.accounts.roleConfirm'] }).click();
      await question.getByRole('alert').filter({ hasText: c['error.network']! }).waitFor();
      assert.equal((await roleInDb()).role, 'staff');
      await page.unroute('**/api/v1/accounts/*');
      await question.getByRole('button', { name: c['shell.accounts.roleConfirm'] }).click();
      await question.waitFor({ state: 'detached' });
      const changed = format(lang, 'shell.accounts.roleChanged', { name: person.displayName, role: c['role.supervisor']! });
      await page.locator('.toast').filter({ hasText: changed }).waitFor();
      assert.equal((await roleInDb()).role, 'supervisor');
      await roleOf.filter({ hasText: c['role.supervisor']! }).waitFor();

      // Deactivating asks too; the earlier success is gone as soon as the next action starts.
      await page.getByRole('button', { name: format(lang, 'accounts.deactivate', { name: person.displayName }) }).click();
      assert.equal(await page.locator('.toast').count(), 0, 'no stale message');
      const deactivate = page.getByRole('alertdialog', {
        name: format(lang, 'shell.accounts.deactivateTitle', { name: person.displayName }),
      });
      await deactivate.waitFor();
      await assertAxeClean(page, `deactivation question ${lang}`);
      assert.equal((await roleInDb()).active, true, 'nothing before the answer');
      await deactivate.getByRole('button', { name: c['shell.accounts.deactivateConfirm'] }).click();
      await page
        .locator('.toast')
        .filter({ hasText: format(lang, 'shell.accounts.deactivated', { name: person.displayName }) })
        .waitFor();
      assert.equal((await roleInDb()).active, false);
      await page.getByRole('button', { name: format(lang, 'accounts.reactivate', { name: person.displayName }) }).waitFor();
      // Only one message at a time.
      assert.equal(await page.locator('.toast').count(), 1);
      await assertAxeClean(page, `staff list after deactivation ${lang}`);
      await page.goto(`${app.baseUrl}/app/#/audit`);
      await page.getByRole('heading', { name: c['audit.title'] }).waitFor();
      await assertAxeClean(page, `audit ${lang}`);
      await context.close();
    });
  }

  /**
   * Replaces the Notification API with one that records what would be shown. Permission starts
   * undecided (as in a fresh browser; the context grants it when asked) and is counted when asked.
   */
  async function captureNotifications(context: BrowserContext) {
    // As source text: the test runner's transform would add helpers (__name) the page lacks.
    await context.addInitScript(`
      window.notes = [];
      window.asked = 0;
      function RecordedNotification(title, options) {
        window.notes.push({ title, body: (options && options.body) || '' });
        this.onclick = null;
      }
      RecordedNotification.permission = 'default';
      RecordedNotification.requestPermission = function () {
        window.asked += 1;
        RecordedNotification.permission = 'granted';
        return Promise.resolve('granted');
      };
      RecordedNotification.prototype.close = function () {};
      window.Notification = RecordedNotification;
    `);
  }

  /** Records every text the app's polite live region says from now on (later ones may replace it). */
  async function recordAnnouncements(page: Page) {
    await page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { said: string[] }).said = said;
      for (const region of document.querySelectorAll('[aria-live="polite"]')) {
        new MutationObserver(() => said.push((region.textContent ?? '').replace(/[\u2068\u2069]/g, ''))).observe(region, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      }
    });
  }

  async function announcedAlready(page: Page, text: string) {
    await page.waitForFunction((wanted) => (window as unknown as { said: string[] }).said.includes(wanted), text);
  }

  async function openNotificationSettings(page: Page, lang: Lang) {
    await page.getByRole('button', { name: admin.displayName, exact: true }).click();
    await page.getByRole('menuitem', { name: staff[lang]['shell.alerts.settingsTitle'] }).click();
    await page.getByRole('dialog', { name: staff[lang]['shell.alerts.settingsTitle'] }).waitFor();
  }
});
