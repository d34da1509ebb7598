// Browser tests of the staff app against the widget: a customer on the demo page and a
// staff member in the staff app talk live both ways; axe checks the staff screens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { describeViolations, ensureFrontEndsBuilt, launchBrowser, seriousAxeViolations } from './support/browser.js';

type Catalogue = Record<string, string>;
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const staffFi = load('fi', 'staff');
const staffSv = load('sv', 'staff');
const widgetFi = load('fi', 'widget');

describe('staff app in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  let admin: TestAccount;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite');
    const library = await buildLibrary(app.db);
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

  test('customer ↔ staff live both ways; the note never reaches the widget; claim and resolve', async () => {
    const staffContext = await browser.newContext({ locale: 'fi-FI' });
    const staff = await staffContext.newPage();
    const customerContext = await browser.newContext({ locale: 'fi-FI' });
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

    await staff.getByRole('checkbox', { name: staffFi['reply.internal'] }).check();
    await staff.getByLabel(staffFi['reply.noteLabel']!).fill('Asiakas soittaa ehkä myöhemmin');
    await staff.getByRole('button', { name: staffFi['reply.saveNote'] }).click();
    await staff.getByText('Asiakas soittaa ehkä myöhemmin').waitFor();

    // The customer answers; it appears in the open conversation live.
    await customer.getByLabel(widgetFi['form.message']!).fill('Kiitos!');
    await customer.keyboard.press('Enter');
    await staff.locator('.timeline').getByText('Kiitos!').waitFor();

    await staff.getByRole('button', { name: staffFi['conversation.resolve'] }).click();
    await customer.getByText(widgetFi['event.resolved']!).waitFor();
    assert.ok(!(await customer.getByRole('log').innerText()).includes('Asiakas soittaa ehkä myöhemmin'));
    assert.equal(await staff.locator('.timeline').getByText('Kiitos!').count(), 1);
    await staffContext.close();
    await customerContext.close();
  });

  test('no serious or critical axe violations on sign-in, inbox and conversation, in Finnish and Swedish', async () => {
    const chat = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'sv', name: 'Maja', body: 'Hej, var hittar jag e-böcker?' } });
    assert.equal(chat.status, 201);
    for (const [locale, catalogue] of [['fi-FI', staffFi], ['sv-FI', staffSv]] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/app/`);
      await page.getByRole('button', { name: catalogue['signIn.submit'] }).waitFor();
      let violations = await seriousAxeViolations(page);
      assert.equal(violations.length, 0, `sign-in ${locale}: ${describeViolations(violations)}`);
      await signIn(page, catalogue);
      violations = await seriousAxeViolations(page);
      assert.equal(violations.length, 0, `inbox ${locale}: ${describeViolations(violations)}`);
      await page.getByRole('link', { name: /var hittar jag e-böcker/ }).click();
      await page.getByLabel(catalogue['reply.label']!).waitFor();
      violations = await seriousAxeViolations(page);
      assert.equal(violations.length, 0, `conversation ${locale}: ${describeViolations(violations)}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), locale.slice(0, 2));
      await context.close();
    }
  });
});
