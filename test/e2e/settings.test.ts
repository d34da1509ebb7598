// Browser tests of the settings screen (admin) and the customers screen (supervisor), in
// Finnish and Swedish: a text with a missing translation is flagged, a holiday is added, a
// low-contrast widget colour is refused with its ratio and a good one reaches the widget; a
// supervisor finds a customer, reads their timeline and erases them after a confirmation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser, recordCspViolations } from './support/browser.js';

type Catalogue = Record<string, string>;
type Lang = 'fi' | 'sv';
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const staffOf = (lang: Lang) => load(lang, 'staff');
const format = (lang: Lang, key: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(staffOf(lang)[key]!, lang).format(values));

describe('settings and customers screens in Chromium', () => {
  let app: TestApp;
  let browser: Browser;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(page: Page, lang: Lang, account: TestAccount) {
    const s = staffOf(lang);
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(s['signIn.email']!).fill(account.email);
    await page.getByLabel(s['signIn.password']!).fill(account.password);
    await page.getByRole('button', { name: s['signIn.submit'] }).click();
    await page.getByText(s['live.connected']!).waitFor();
  }

  test('[fi] admin: the satisfaction scale refused out of range, then 1–3 with a Finnish question saved', async () => {
    const s = staffOf('fi');
    const library = await buildLibrary(app.db);
    const admin = await buildAccount(app.db, library, { role: 'admin' });
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    await signIn(page, 'fi', admin);
    await page.getByRole('navigation', { name: s['nav.label'] }).getByRole('button', { name: s['shell.admin'] }).click();
    await page.getByRole('menuitem', { name: s['settings.nav'] }).click();
    await page.getByRole('heading', { name: s['settings.title'] }).waitFor();
    await page.getByRole('tab', { name: s['settings.satisfaction.tab'] }).click();
    const enabled = page.getByRole('switch', { name: s['settings.satisfaction.enabled'] });
    assert.equal(await enabled.isChecked(), true);
    const highest = page.getByRole('spinbutton', { name: s['settings.satisfaction.max'] });
    assert.equal(await highest.inputValue(), '5');

    // Out of range: refused at the field before anything is sent.
    await highest.fill('11');
    await page.locator('#satisfaction-max-error').getByText(s['settings.satisfaction.maxRange']!).waitFor();
    assert.equal(await highest.getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: s['settings.save'] }).click();
    await page.getByText(s['settings.satisfaction.fixScale']!).waitFor();
    await assertAxeClean(page, 'settings, satisfaction with a refusal (fi)');

    await page.getByRole('spinbutton', { name: s['settings.satisfaction.min'] }).fill('1');
    await highest.fill('3');
    assert.equal(await page.locator('#satisfaction-max-error').count(), 0);
    const question = page.getByRole('group', { name: s['settings.satisfaction.question'] });
    await question.getByRole('textbox', { name: new RegExp(s['lang.fi']!) }).fill('Oliko vastauksesta apua?');
    // The other languages are flagged as missing (and fall back to the default wording).
    assert.equal(await question.getByText(s['settings.missingTranslation']!).count(), 2);
    await assertAxeClean(page, 'settings, satisfaction (fi)');
    await page.getByRole('button', { name: s['settings.save'] }).click();
    await page.getByText(s['settings.saved']!).waitFor();

    const shown = await page.evaluate(async () => {
      const response = await fetch('/api/v1/library', { credentials: 'same-origin' });
      return (await response.json()) as { settings: { satisfaction: unknown } };
    });
    assert.deepEqual(shown.settings.satisfaction, {
      enabled: true,
      scale: { min: 1, max: 3 },
      question: { fi: 'Oliko vastauksesta apua?' },
    });
    await context.close();
  });

  for (const lang of ['fi', 'sv'] as const) {
    test(`[${lang}] admin: missing translation flagged, a holiday added, a low-contrast colour refused, a good one in the widget`, async () => {
      const s = staffOf(lang);
      const library = await buildLibrary(app.db, {
        settings: { texts: { welcome: { fi: 'Tervetuloa', sv: 'Välkommen', en: '' } } },
      });
      const admin = await buildAccount(app.db, library, { role: 'admin' });
      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-SE' });
      const page = await context.newPage();
      await signIn(page, lang, admin);
      await page.getByRole('navigation', { name: s['nav.label'] }).getByRole('button', { name: s['shell.admin'] }).click();
      await page.getByRole('menuitem', { name: s['settings.nav'] }).click();
      await page.getByRole('heading', { name: s['settings.title'] }).waitFor();
      await assertAxeClean(page, `settings, general (${lang})`);

      // Texts: the English welcome is missing and flagged at its field and in the summary.
      await page.getByRole('tab', { name: s['settings.texts'] }).click();
      const welcome = page.getByRole('group', { name: s['settings.welcomeText'] });
      const english = welcome.getByRole('textbox', { name: new RegExp(s['lang.en']!) });
      assert.match((await english.getAttribute('aria-describedby')) ?? '', /badge/);
      await welcome.getByText(s['settings.missingTranslation']!).waitFor();
      assert.equal(await welcome.getByText(s['settings.missingTranslation']!).count(), 1);
      await page.getByText(format(lang, 'settings.missingSummary', { count: 1 })).waitFor();
      await assertAxeClean(page, `settings, texts (${lang})`);
      const newWelcome = lang === 'fi' ? 'Hei, kysy meiltä!' : 'Hej, fråga oss!';
      await welcome.getByRole('textbox', { name: new RegExp(s[`lang.${lang}`]!) }).fill(newWelcome);
      await page.getByRole('button', { name: s['settings.save'] }).click();
      await page.getByText(s['settings.saved']!).waitFor();

      // Opening hours: a holiday, closed all day, with its name.
      await page.getByRole('tab', { name: s['settings.hours'] }).click();
      await page.getByRole('button', { name: s['settings.addException'] }).click();
      const from = page.getByLabel(s['settings.exceptionFrom']!);
      // The new exception's first field has the focus.
      assert.equal(await from.evaluate((el) => el === document.activeElement), true);
      await from.fill('2026-12-24');
      await page.getByLabel(s['settings.exceptionTo']!).fill('2026-12-26');
      assert.equal(await page.getByRole('checkbox', { name: s['settings.exceptionClosed'] }).isChecked(), true);
      await page
        .getByRole('group', { name: s['settings.exceptionLabel'] })
        .getByLabel(s[`lang.${lang}`]!)
        .fill(lang === 'fi' ? 'Joulu' : 'Jul');
      await assertAxeClean(page, `settings, opening hours (${lang})`);
      await page.getByRole('button', { name: s['settings.save'] }).click();
      await page.getByText(s['settings.saved']!).waitFor();

      // Widget: a grey below 4.5:1 shows its ratio live, and the server refuses it beside the field.
      await page.getByRole('tab', { name: s['settings.widget'] }).click();
      const hex = page.getByLabel(s['settings.colourHex']!);
      await hex.fill('#7a7a7a');
      await page.getByText(format(lang, 'settings.contrastLow', { ratio: '4,29', minimum: 4.5 })).waitFor();
      await page.getByRole('button', { name: s['settings.save'] }).click();
      const refusal = page.locator('#widget-colour-error');
      await refusal.waitFor();
      assert.match(
        await refusal.innerText(),
        lang === 'fi' ? /kontrasti .* 4,29:1; vähintään 4,5:1/ : /kontrast på bara 4,29:1; minst 4,5:1/,
      );
      assert.equal(await hex.getAttribute('aria-invalid'), 'true');
      assert.match((await hex.getAttribute('aria-describedby')) ?? '', /widget-colour-error/);
      await assertAxeClean(page, `settings, widget with a refusal (${lang})`);

      await hex.fill('#6b2c91');
      await page.getByText(format(lang, 'settings.contrastOk', { ratio: '8,77', minimum: 4.5 })).waitFor();
      const launcherText = lang === 'fi' ? 'Kysy meiltä' : 'Fråga oss';
      await page
        .getByRole('group', { name: s['settings.launcherText'] })
        .getByLabel(new RegExp(s[`lang.${lang}`]!))
        .fill(launcherText);
      await page.getByRole('radio', { name: s['settings.positionLeft'] }).check();
      await page.getByRole('button', { name: s['settings.save'] }).click();
      await page.getByText(s['settings.saved']!).waitFor();
      assert.equal(await page.locator('#widget-colour-error').count(), 0);

      const stored = await app.db.selectFrom('libraries').select('settings').where('id', '=', library.id).executeTakeFirstOrThrow();
      const settings = stored.settings as {
        texts: { welcome: Record<string, string> };
        openingExceptions: unknown[];
        widget: { color: string; position: string };
      };
      assert.equal(settings.texts.welcome[lang], newWelcome);
      assert.equal(settings.texts.welcome.en, '');
      assert.deepEqual(settings.openingExceptions, [
        { from: '2026-12-24', to: '2026-12-26', periods: [], label: { [lang]: lang === 'fi' ? 'Joulu' : 'Jul' } },
      ]);
      assert.equal(settings.widget.color, '#6b2c91');

      // The widget on a library page takes the colour, the corner and the launcher text, under
      // the page's Content-Security-Policy (a context of its own: axe, run above, trips it).
      const customerContext = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-SE' });
      const violations = await recordCspViolations(customerContext);
      const customer = await customerContext.newPage();
      await customer.goto(`${app.baseUrl}/demo/${library.slug}?lang=${lang}`);
      const launcher = customer.locator('kanava-chat').locator('button.launcher');
      await launcher.getByText(launcherText).waitFor();
      assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(107, 44, 145)');
      const box = await launcher.boundingBox();
      assert.ok(box && box.x < 100, `the launcher sits bottom left (x=${box?.x})`);
      assert.deepEqual(violations, []);
      await customerContext.close();
      await context.close();
    });

    test(`[${lang}] supervisor: finds a customer, reads the timeline, erases after a confirmation; staff see no customers screen`, async () => {
      const s = staffOf(lang);
      const library = await buildLibrary(app.db);
      const supervisor = await buildAccount(app.db, library, { role: 'supervisor' });
      const staff = await buildAccount(app.db, library, { role: 'staff' });
      const name = lang === 'fi' ? 'Matti Meikäläinen' : 'Sven Svensson';
      const started = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, {
        json: { language: lang, name, email: 'asiakas@example.fi', body: 'Onko kirja saatavilla?' },
      });
      assert.equal(started.status, 201);
      const { conversationId } = (await started.json()) as { conversationId: string };
      await app.request(`/api/v1/public/libraries/${library.slug}/chats`, {
        json: { language: lang, name: 'Toinen Asiakas', body: 'Hei' },
      });

      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-SE' });
      const page = await context.newPage();
      await signIn(page, lang, supervisor);
      const nav = page.getByRole('navigation', { name: s['nav.label'] });
      assert.equal(
        await nav.getByRole('button', { name: s['shell.admin'] }).count(),
        0,
        'no administration (nor settings) for a supervisor',
      );
      await nav.getByRole('link', { name: s['customers.nav'] }).click();
      await page.getByRole('heading', { name: s['customers.title'] }).waitFor();
      await page.getByRole('searchbox', { name: s['customers.search'] }).fill(lang === 'fi' ? 'MEIKÄ' : 'svens');
      await page.getByRole('button', { name: s['customers.searchButton'] }).click();
      const results = page.getByRole('table', { name: s['customers.results'] });
      await results.getByRole('row').nth(1).getByText(name).waitFor();
      assert.equal(await results.getByRole('row').count(), 2, 'the header and the one customer found');
      await assertAxeClean(page, `customers, search (${lang})`);

      await results.getByRole('button', { name }).click();
      const timeline = page.getByRole('link', {
        name: format(lang, 'customers.conversationLink', { channel: s['channel.chat']!, status: s['status.open']! }),
      });
      await timeline.waitFor();
      assert.equal(await timeline.getAttribute('href'), `#/c/${conversationId}`);
      await assertAxeClean(page, `customers, a customer's timeline (${lang})`);

      await page.getByRole('button', { name: s['customers.erase'] }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      await dialog.getByText(format(lang, 'customers.eraseConversations', { count: 1 })).waitFor();
      assert.match(await dialog.innerText(), new RegExp(name));
      assert.match(await dialog.innerText(), /asiakas@example\.fi/);
      await assertAxeClean(page, `customers, erase confirmation (${lang})`);
      // Cancel keeps everything; Escape too.
      await dialog.getByRole('button', { name: s['common.cancel'] }).click();
      assert.equal(await page.getByRole('alertdialog').count(), 0);
      const customerId = (
        await app.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow()
      ).customer_id;
      await page.getByRole('button', { name: s['customers.erase'] }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: s['customers.eraseConfirm'] }).click();
      await page.getByRole('status').getByText(new RegExp(name)).waitFor();
      assert.equal(await app.db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst(), undefined);
      assert.equal(await app.db.selectFrom('conversations').select('id').where('id', '=', conversationId).executeTakeFirst(), undefined);
      const audit = await app.db
        .selectFrom('audit_log')
        .select('actor_account_id')
        .where('target_id', '=', customerId)
        .executeTakeFirstOrThrow();
      assert.equal(audit.actor_account_id, supervisor.id);

      // Staff: no customers link, and the route shows the inbox instead.
      const staffContext = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-SE' });
      const staffPage = await staffContext.newPage();
      await signIn(staffPage, lang, staff);
      assert.equal(await staffPage.getByRole('link', { name: s['customers.nav'] }).count(), 0);
      await staffPage.goto(`${app.baseUrl}/app/#/customers`);
      await staffPage.getByRole('heading', { name: s['inbox.title'] }).waitFor();
      assert.equal(await staffPage.getByRole('heading', { name: s['customers.title'] }).count(), 0);
      await staffContext.close();
      await context.close();
    });
  }
});
