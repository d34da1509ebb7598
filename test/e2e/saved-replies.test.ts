// Answers at hand and wrap-up, keyboard only, in Finnish and Swedish: open a conversation, insert
// a saved reply with "/" + arrows + Enter (placeholders filled, the conversation's language,
// a visible fallback when that language is missing), send it, be asked for a topic tag when
// resolving needs one, set it, resolve. axe on the picker, the Saved replies and Topic tags screens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const catalogues = { fi: load('fi', 'staff'), sv: load('sv', 'staff') };
const serverCatalogues = { fi: load('fi', 'server'), sv: load('sv', 'server') };
const format = (lang: 'fi' | 'sv', key: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(catalogues[lang][key]!, lang).format(values));

describe('saved replies and topic tags in Chromium, keyboard only', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  let staff: TestAccount;
  let adminCookie: string;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    const library = await buildLibrary(app.db);
    slug = library.slug;
    const admin = await buildAccount(app.db, library, { role: 'admin', displayName: 'Aino Admin' });
    staff = await buildAccount(app.db, library, { role: 'staff', displayName: 'Elsa Esimerkki' });
    adminCookie = await app.signIn(admin);
    const post = async (path: string, json: unknown, method = 'POST') => {
      const response = await app.request(path, { cookie: adminCookie, json, method });
      assert.ok(response.ok, `${path}: ${response.status} ${await response.text()}`);
    };
    await post('/api/v1/saved-replies', {
      scope: 'library',
      title: 'Aukioloajat',
      shortcut: 'aukiolo',
      body: {
        fi: 'Hei {customer.name}! Olemme auki arkisin 9–20. Terveisin {staff.name}',
        sv: 'Hej {customer.name}! Vi har öppet vardagar 9–20. Hälsningar {staff.name}',
      },
    });
    await post('/api/v1/saved-replies', { scope: 'library', title: 'Aukioloajat juhlapyhinä', body: { fi: 'Juhlapyhinä olemme kiinni.' } });
    await post('/api/v1/tags', { name: { fi: 'Aukioloajat', sv: 'Öppettider', en: 'Opening hours' } });
    await post('/api/v1/tags', { name: { fi: 'Muu asia', sv: 'Övrigt' } });
    await post('/api/v1/tag-settings', { requiredAtResolve: true }, 'PATCH');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(page: Page, lang: 'fi' | 'sv') {
    const c = catalogues[lang];
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(c['signIn.email']!).fill(staff.email);
    await page.getByLabel(c['signIn.password']!).fill(staff.password);
    await page.keyboard.press('Enter');
    await page.getByText(c['live.connected']!).waitFor();
  }

  /** Focus on the element as Tab would put it there, then the keyboard does the rest. */
  const press = async (page: Page, locator: ReturnType<Page['getByRole']>, key = 'Enter') => {
    await locator.focus();
    await page.keyboard.press(key);
  };

  for (const lang of ['fi', 'sv'] as const) {
    test(`insert a saved reply with / and arrows, tag when asked, resolve (${lang})`, async () => {
      const c = catalogues[lang];
      const customer = lang === 'fi' ? 'Matti Meikäläinen' : 'Maja Lind';
      const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, {
        json: { language: lang, name: customer, body: lang === 'fi' ? 'Milloin olette auki?' : 'När har ni öppet?' },
      });
      assert.equal(chat.status, 201);
      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-FI', viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      await signIn(page, lang);
      await press(page, page.getByRole('link', { name: new RegExp(lang === 'fi' ? 'Milloin olette auki' : 'När har ni öppet') }));
      const box = page.getByLabel(c['reply.label']!);
      await box.waitFor();

      // "/" at the start opens the picker with focus in its search field; "/" is not typed into the box.
      await box.focus();
      await page.keyboard.press('/');
      const search = page.getByRole('combobox', { name: c['replies.pickerLabel'] });
      await search.waitFor();
      assert.equal(await search.evaluate((el) => el === document.activeElement), true, 'focus is in the picker');
      await page.keyboard.type('aukiolo');
      const options = page.getByRole('listbox', { name: c['replies.pickerLabel'] }).getByRole('option');
      await page.waitForFunction(() => document.querySelectorAll('[role=option]').length === 2);
      // The shortcut's reply is first; down and up again lands on it.
      assert.match(await options.nth(0).innerText(), /^Aukioloajat\s*\/aukiolo/);
      await assertAxeClean(page, `saved-reply picker ${lang}`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await options.nth(1).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('ArrowUp');
      assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('Enter');
      await search.waitFor({ state: 'detached' });

      const expected =
        lang === 'fi'
          ? `Hei ${customer}! Olemme auki arkisin 9–20. Terveisin Elsa Esimerkki`
          : `Hej ${customer}! Vi har öppet vardagar 9–20. Hälsningar Elsa Esimerkki`;
      assert.equal(await box.inputValue(), expected, 'inserted in the conversation’s language, placeholders filled');
      await page.waitForFunction(() => document.activeElement?.id === 'reply-body');
      await page.getByText(c['replies.inserted']!).waitFor();

      // Escape closes the picker (opened with Ctrl+Space this time) and returns focus, changing nothing.
      await page.keyboard.press('Control+Space');
      await search.waitFor();
      await page.keyboard.press('Escape');
      await search.waitFor({ state: 'detached' });
      await page.waitForFunction(() => document.activeElement?.id === 'reply-body');
      assert.equal(await box.inputValue(), expected);

      // Send it from the keyboard: Tab past the picker button to Send.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'submit');
      await page.keyboard.press('Enter');
      await page.locator('.message.staff', { hasText: expected }).waitFor();

      // Resolving needs a tag: the refusal says so and the tag list opens with focus in it.
      await press(page, page.getByRole('button', { name: c['conversation.resolve'], exact: true }));
      await page.getByRole('alert').filter({ hasText: serverCatalogues[lang]['error.conflict.tag_required']! }).waitFor();
      const tagName = lang === 'fi' ? 'Aukioloajat' : 'Öppettider';
      const checkbox = page.getByRole('checkbox', { name: tagName });
      await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'checkbox');
      assert.equal(await checkbox.evaluate((el) => el === document.activeElement), true, 'the first tag has the focus');
      await assertAxeClean(page, `tags of a conversation ${lang}`);
      await page.keyboard.press('Space');
      await page.locator('.tag-chip', { hasText: tagName }).waitFor();
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-expanded') === 'false');

      await press(page, page.getByRole('button', { name: c['conversation.resolve'], exact: true }));
      await page.getByRole('button', { name: c['conversation.reopen'], exact: true }).waitFor();
      const conversationId = page.url().split('#/c/')[1]!;
      const stored = (await (await app.request(`/api/v1/conversations/${conversationId}`, { cookie: adminCookie })).json()) as {
        status: string;
        tags: { name: { fi?: string } }[];
      };
      assert.equal(stored.status, 'resolved');
      assert.deepEqual(
        stored.tags.map((t) => t.name.fi),
        ['Aukioloajat'],
      );
      await context.close();
    });
  }

  test('a reply without the conversation’s language is inserted in another, and the box says so (sv)', async () => {
    const c = catalogues.sv;
    await app.request(`/api/v1/public/libraries/${slug}/chats`, {
      json: { language: 'sv', name: 'Bo', body: 'Är ni öppna på helgdagar?' },
    });
    const context = await browser.newContext({ locale: 'sv-FI' });
    const page = await context.newPage();
    await signIn(page, 'sv');
    await press(page, page.getByRole('link', { name: /Är ni öppna på helgdagar/ }));
    const box = page.getByLabel(c['reply.label']!);
    await box.waitFor();
    await box.focus();
    await page.keyboard.press('/');
    await page.keyboard.type('juhlapyhinä');
    await page.waitForFunction(() => document.querySelectorAll('[role=option]').length === 1);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-body');
    assert.equal(await box.inputValue(), 'Juhlapyhinä olemme kiinni.');
    await page.getByText(format('sv', 'replies.insertedFallback', { wanted: c['lang.sv']!, used: c['lang.fi']! })).waitFor();
    await context.close();
  });

  for (const lang of ['fi', 'sv'] as const) {
    test(`the Saved replies and Topic tags screens are axe clean; a bad placeholder is named at its field (${lang})`, async () => {
      const c = catalogues[lang];
      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-FI' });
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/app/`);
      const admin = await app.db.selectFrom('accounts').select('email').where('display_name', '=', 'Aino Admin').executeTakeFirstOrThrow();
      await page.getByLabel(c['signIn.email']!).fill(admin.email);
      await page.getByLabel(c['signIn.password']!).fill(staff.password);
      await page.keyboard.press('Enter');
      await page.getByText(c['live.connected']!).waitFor();

      // Saved replies are in the user menu, topic tags in the Administration menu.
      await press(page, page.getByRole('button', { name: 'Aino Admin', exact: true }));
      await press(page, page.getByRole('menuitem', { name: c['replies.nav'], exact: true }));
      await page.getByRole('heading', { name: c['replies.title'], level: 2 }).waitFor();
      await page.getByText('Aukioloajat juhlapyhinä', { exact: true }).waitFor();
      await assertAxeClean(page, `saved replies screen ${lang}`);
      await page.getByLabel(c['replies.fieldTitle']!).fill(lang === 'fi' ? 'Oma tervehdys' : 'Egen hälsning');
      await page.getByLabel(format(lang, 'replies.fieldBody', { language: c[`lang.${lang}`]! })).fill('Hei {asiakas}');
      await page.keyboard.press('Tab');
      await press(page, page.getByRole('button', { name: c['replies.save'], exact: true }));
      const issue = page.locator('#reply-body-' + lang + '-error');
      await issue.waitFor();
      assert.match(await issue.innerText(), lang === 'fi' ? /tuntematon paikkamerkki \{asiakas\}/i : /okänd platshållare \{asiakas\}/i);
      await assertAxeClean(page, `saved replies screen with an error ${lang}`);

      await press(page, page.getByRole('button', { name: c['shell.admin'] }));
      await press(page, page.getByRole('menuitem', { name: c['tags.nav'], exact: true }));
      await page.getByRole('heading', { name: c['tags.title'], level: 2 }).waitFor();
      await page.getByRole('checkbox', { name: c['tags.requiredAtResolve'] }).waitFor();
      assert.equal(await page.getByRole('checkbox', { name: c['tags.requiredAtResolve'] }).isChecked(), true);
      await assertAxeClean(page, `topic tags screen ${lang}`);
      await context.close();
    });
  }
});
