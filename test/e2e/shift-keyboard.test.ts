// A whole evening shift by keyboard alone, in Finnish and Swedish. A customer starts a chat in
// the widget; a supervisor signs in, finds it in the inbox and opens it, takes it, inserts a
// saved reply with "/" + arrows + Enter, sends it, sets a topic tag, resolves; the customer
// answers the satisfaction survey (by keyboard too); the supervisor goes to the Satisfaction
// screen with its shortcut, reads the answer and its comment and opens the conversation from
// there. The staff side never clicks: only Tab, Shift+Tab, arrows, Enter, Space, Escape, the
// app's shortcuts and typed text. Each step checks where the focus is, so that a lost focus,
// a trap or an unreachable control fails the test. axe checks the screens on the way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Lang = 'fi' | 'sv';
type Catalogue = Record<string, string>;
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const staffTexts: Record<Lang, Catalogue> = { fi: load('fi', 'staff'), sv: load('sv', 'staff') };
const widgetTexts: Record<Lang, Catalogue> = { fi: load('fi', 'widget'), sv: load('sv', 'widget') };
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the element has the keyboard's focus. */
const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** What has the focus, for failure messages. */
const describeFocus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing (the page body)';
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  });

/** Presses Tab (or Shift+Tab) until the target has the focus; fails if it is not reached. */
async function tabTo(page: Page, target: Locator, what: string, { back = false, max = 40 } = {}) {
  await target.waitFor();
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${what} is not reached with ${back ? 'Shift+Tab' : 'Tab'} (focus: ${await describeFocus(page)})`);
}

async function assertFocused(page: Page, target: Locator, what: string) {
  await target.waitFor();
  try {
    await page.waitForFunction((el) => el === document.activeElement, await target.elementHandle(), { timeout: 3000 });
  } catch {
    assert.fail(`${what} should have the focus (focus: ${await describeFocus(page)})`);
  }
}

describe('a whole shift by keyboard in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  let supervisor: TestAccount;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    const library = await buildLibrary(app.db);
    slug = library.slug;
    supervisor = await buildAccount(app.db, library, { role: 'supervisor', displayName: 'Sanna Vuoropäällikkö' });
    const admin = await buildAccount(app.db, library, { role: 'admin', displayName: 'Aino Admin' });
    const adminCookie = await app.signIn(admin);
    const post = async (path: string, json: unknown) => {
      const response = await app.request(path, { cookie: adminCookie, json, method: 'POST' });
      assert.ok(response.ok, `${path}: ${response.status} ${await response.text()}`);
    };
    await post('/api/v1/saved-replies', {
      scope: 'library',
      title: 'Laina-ajat',
      shortcut: 'laina',
      body: {
        fi: 'Hei! Laina-aika on neljä viikkoa. Terveisin {staff.name}',
        sv: 'Hej! Lånetiden är fyra veckor. Hälsningar {staff.name}',
      },
    });
    await post('/api/v1/saved-replies', {
      scope: 'library',
      title: 'Laina-ajat kaukolainoille',
      body: { fi: 'Kaukolainat: kaksi viikkoa.' },
    });
    await post('/api/v1/tags', { name: { fi: 'Aukioloajat', sv: 'Öppettider' } });
    await post('/api/v1/tags', { name: { fi: 'Lainaus', sv: 'Utlåning' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const lang of ['fi', 'sv'] as const) {
    test(`${lang}: chat → take → saved reply → tag → resolve → survey → Satisfaction, staff by keyboard only`, async () => {
      const c = staffTexts[lang];
      const w = widgetTexts[lang];
      const question = lang === 'fi' ? 'Kuinka pitkä laina-aika kirjoilla on?' : 'Hur lång är lånetiden för böcker?';
      const comment = lang === 'fi' ? 'Selkeä vastaus, kiitos illan päivystäjälle!' : 'Tydligt svar, tack till kvällens jour!';
      const tagName = lang === 'fi' ? 'Lainaus' : 'Utlåning';
      const expectedReply =
        lang === 'fi'
          ? `Hei! Laina-aika on neljä viikkoa. Terveisin ${supervisor.displayName}`
          : `Hej! Lånetiden är fyra veckor. Hälsningar ${supervisor.displayName}`;

      // Staff: sign in by keyboard. Tab reaches the fields; Enter submits.
      const staffContext = await browser.newContext({ locale: `${lang}-FI`, viewport: { width: 1366, height: 768 } });
      const page = await staffContext.newPage();
      await page.goto(`${app.baseUrl}/app/`);
      const email = page.getByLabel(c['signIn.email']!);
      await tabTo(page, email, 'the e-mail field');
      await page.keyboard.type(supervisor.email);
      await page.keyboard.press('Tab');
      await assertFocused(page, page.getByLabel(c['signIn.password']!), 'the password field');
      await page.keyboard.type(supervisor.password);
      await page.keyboard.press('Enter');
      await page.getByText(c['live.connected']!).waitFor();
      await page.getByRole('heading', { name: c['inbox.title'] }).waitFor();
      await assertAxeClean(page, `inbox (${lang})`);

      // The customer starts a chat in the widget (by mouse: the customer side is not under test here).
      const customerContext = await browser.newContext({ locale: `${lang}-FI`, viewport: { width: 1366, height: 768 } });
      const customer = await customerContext.newPage();
      await customer.goto(`${app.baseUrl}/demo/${slug}?lang=${lang}`);
      await customer.getByRole('button', { name: w['launcher.open'] }).click();
      await customer.getByLabel(w['form.message']!).fill(question);
      await customer.getByRole('button', { name: w['form.send'] }).click();
      const log = customer.getByRole('log');
      await log.getByText(question).waitFor();

      // Staff: the new conversation comes to the inbox; j moves through the list to it, Enter opens it.
      const row = page.getByRole('link', { name: new RegExp(escape(question)) });
      await row.waitFor();
      for (let i = 0; i < 10 && !(await isFocused(row)); i++) await page.keyboard.press('j');
      await assertFocused(page, row, 'the new conversation in the inbox');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash.startsWith('#/c/'));
      await page.getByLabel(c['reply.label']!).waitFor();
      const conversationId = (await page.evaluate(() => location.hash)).replace('#/c/', '');
      assert.match(conversationId, /^[0-9a-f-]{36}$/, 'the conversation is open');

      // Take it: Tab reaches the claim button; after taking, the reply box has the focus.
      const claim = page.getByRole('button', { name: c['conversation.claim'], exact: true });
      await tabTo(page, claim, 'the claim button');
      await page.keyboard.press('Enter');
      await claim.waitFor({ state: 'detached' });
      const box = page.getByLabel(c['reply.label']!);
      await assertFocused(page, box, 'the reply box after taking the conversation');
      await assertAxeClean(page, `conversation taken (${lang})`);

      // A saved reply: "/" at the start opens the picker, type to search, arrows choose, Enter inserts.
      await page.keyboard.press('/');
      const search = page.getByRole('combobox', { name: c['replies.pickerLabel'] });
      await assertFocused(page, search, 'the picker’s search field');
      await page.keyboard.type('laina');
      const options = page.getByRole('listbox', { name: c['replies.pickerLabel'] }).getByRole('option');
      await page.waitForFunction(() => document.querySelectorAll('[role=option]').length === 2);
      await assertAxeClean(page, `saved-reply picker (${lang})`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('ArrowUp');
      assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
      assert.match(await options.nth(0).innerText(), /^Laina-ajat\s*\/laina/);
      await page.keyboard.press('Enter');
      await search.waitFor({ state: 'detached' });
      await assertFocused(page, box, 'the reply box after inserting');
      assert.equal(await box.inputValue(), expectedReply, 'inserted in the conversation’s language, the staff member’s name filled in');

      // Send: Tab onward to the send button, Enter. The customer sees the reply.
      await tabTo(page, page.getByRole('button', { name: c['reply.send'], exact: true }), 'the send button');
      await page.keyboard.press('Enter');
      await page.locator('.message.staff', { hasText: expectedReply }).waitFor();
      await log.getByText(expectedReply).waitFor();

      // A topic tag: back up to "Set tags", open it, Tab to the tag, Space sets it, Escape closes and returns.
      const editTags = page.getByRole('button', { name: c['tags.edit'], exact: true });
      await tabTo(page, editTags, 'the tags button', { back: true });
      await page.keyboard.press('Enter');
      const tagBox = page.getByRole('checkbox', { name: tagName });
      await tabTo(page, tagBox, `the tag ${tagName}`);
      await assertAxeClean(page, `tags of a conversation (${lang})`);
      await page.keyboard.press('Space');
      await page.locator('.tag-chip', { hasText: tagName }).waitFor();
      assert.equal(await isFocused(tagBox), true, 'the tag keeps the focus after it is set');
      await page.keyboard.press('Escape');
      await tagBox.waitFor({ state: 'detached' });
      await assertFocused(page, editTags, 'the tags button after closing the list');

      // Resolve: back up to it, Enter. The keyboard is not lost: focus moves to Reopen, which replaced it.
      const resolve = page.getByRole('button', { name: c['conversation.resolve'], exact: true });
      await tabTo(page, resolve, 'the resolve button', { back: true });
      await page.keyboard.press('Enter');
      const reopen = page.getByRole('button', { name: c['conversation.reopen'], exact: true });
      await assertFocused(page, reopen, 'the reopen button after resolving');

      // The customer answers the survey by keyboard: Tab from the log into the scale, arrows, Tab, type, Tab, Enter.
      const group = customer.getByRole('group', { name: w['survey.question'] });
      await group.waitFor();
      await assertAxeClean(customer, `the satisfaction survey (${lang})`);
      await log.focus();
      await customer.keyboard.press('Tab');
      for (let i = 0; i < 3; i++) await customer.keyboard.press('ArrowRight');
      assert.equal(await group.getByRole('radio', { name: '4', exact: true }).isChecked(), true);
      await customer.keyboard.press('Tab');
      await customer.keyboard.type(comment);
      await customer.keyboard.press('Tab');
      await customer.keyboard.press('Enter');
      await customer.getByRole('status').filter({ hasText: w['survey.thanks']! }).waitFor();
      await customerContext.close();

      // Staff: "g f" goes to the Satisfaction screen; the answer and its comment are in the table.
      await page.keyboard.press('g');
      await page.keyboard.press('f');
      await page.getByRole('heading', { name: c['satisfaction.title'], level: 2 }).waitFor();
      assert.equal(await page.evaluate(() => location.hash), '#/satisfaction');
      const answers = page.getByRole('table', { name: c['satisfaction.answers'] });
      const answerRow = answers.getByRole('row').filter({ hasText: comment });
      await answerRow.waitFor();
      const rowText = await answerRow.innerText();
      assert.match(rowText, /4 \/ 5/);
      assert.match(rowText, new RegExp(escape(supervisor.displayName)));
      await assertAxeClean(page, `Satisfaction screen (${lang})`);

      // Tab reaches the row's link to the conversation; Enter opens it with the rating and comment.
      const open = answerRow.getByRole('link');
      await tabTo(page, open, 'the link to the rated conversation', { max: 60 });
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => location.hash === `#/c/${id}`, conversationId);
      const rating = page.getByRole('region', { name: c['satisfaction.ratingTitle'] });
      await rating.getByText('4 / 5').waitFor();
      await rating.getByText(comment, { exact: false }).waitFor();
      await page.locator('.tag-chip', { hasText: tagName }).waitFor();
      await assertAxeClean(page, `the rated conversation (${lang})`);

      const stored = await app.db
        .selectFrom('satisfaction_surveys')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow();
      assert.equal(stored.score, 4);
      assert.equal(stored.comment, comment);
      assert.equal(stored.language, lang);
      await staffContext.close();
    });
  }
});
