// Browser test of queues, in Finnish and Swedish: an admin creates a queue and a routing rule
// on the Queues screen, a chat started from that entry point lands in it, a staff member
// transfers it to a colleague with a note, and the colleague sees it with the note. axe
// checks the Queues screen and the transfer dialog.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Catalogue;
const catalogues = { fi: load('fi'), sv: load('sv') };
const format = (lang: 'fi' | 'sv', key: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(catalogues[lang][key]!, lang).format(values));

describe('queues in Chromium', () => {
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

  async function signIn(page: Page, catalogue: Catalogue, account: TestAccount) {
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(catalogue['signIn.email']!).fill(account.email);
    await page.getByLabel(catalogue['signIn.password']!).fill(account.password);
    await page.getByRole('button', { name: catalogue['signIn.submit'] }).click();
    await page.getByText(catalogue['live.connected']!).waitFor({ state: 'attached' });
  }

  for (const lang of ['fi', 'sv'] as const) {
    test(`admin makes a queue and a rule, a chat lands in it, staff transfer it with a note, the colleague sees it [${lang}]`, async () => {
      const t = catalogues[lang];
      const library = await buildLibrary(app.db);
      const admin = await buildAccount(app.db, library, { role: 'admin', displayName: 'Aino Admin' });
      const staff = await buildAccount(app.db, library, { displayName: 'Sanna Staff' });
      const colleague = await buildAccount(app.db, library, { displayName: 'Kaisa Kollega' });
      const queueTitle = lang === 'fi' ? 'Lasten palvelut' : 'Barntjänster';

      // The admin creates the queue with both as members, and a rule for the children's pages.
      const adminContext = await browser.newContext({ locale: `${lang}-FI` });
      const adminPage = await adminContext.newPage();
      await signIn(adminPage, t, admin);
      await adminPage.getByRole('button', { name: t['shell.admin'] }).click();
      await adminPage.getByRole('menuitem', { name: t['queues.nav'] }).click();
      await adminPage.getByRole('heading', { name: t['queues.admin.title'], level: 2 }).waitFor();
      await adminPage.getByRole('button', { name: t['queues.admin.new'] }).click();
      await adminPage.getByRole('textbox', { name: t[`lang.${lang}`] }).fill(queueTitle);
      await adminPage.getByLabel(format(lang, 'queues.admin.firstResponseFor', { channel: t['channel.chat']! })).fill('10');
      await adminPage.getByLabel('Sanna Staff').check();
      await adminPage.getByLabel('Kaisa Kollega').check();
      await assertAxeClean(adminPage, `queues admin with the form ${lang}`);
      await adminPage.getByRole('button', { name: t['queues.admin.save'] }).click();
      const row = adminPage.getByRole('row', { name: new RegExp(queueTitle) });
      await row.waitFor();
      assert.match(await row.innerText(), /Kaisa Kollega/);

      await adminPage.getByRole('button', { name: t['queues.rules.add'] }).click();
      await adminPage.getByLabel(t['queues.rules.entryPoint']!).fill('children');
      await adminPage.getByLabel(t['queues.rules.queue']!).selectOption({ label: queueTitle });
      await adminPage.getByRole('button', { name: t['queues.rules.save'] }).click();
      await adminPage.getByText(t['queues.rules.saved']!).waitFor();
      await assertAxeClean(adminPage, `queues admin ${lang}`);
      await adminContext.close();

      // A chat from the children's pages lands in the new queue.
      const start = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, {
        json: { language: lang, name: 'Ville Vieras', body: 'Onko satutunti tänään?', entryPoint: 'children' },
      });
      assert.equal(start.status, 201);
      const { conversationId } = (await start.json()) as { conversationId: string };
      const queue = await app.db
        .selectFrom('queues')
        .select('id')
        .where('library_id', '=', library.id)
        .where(({ ref }) => ref('name', '->>').key(lang), '=', queueTitle)
        .executeTakeFirstOrThrow();
      const stored = await app.db.selectFrom('conversations').select('queue_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
      assert.equal(stored.queue_id, queue.id);

      // Staff see it in the inbox with its queue, and transfer it to the colleague with a note.
      const staffContext = await browser.newContext({ locale: `${lang}-FI` });
      const staffPage = await staffContext.newPage();
      await signIn(staffPage, t, staff);
      const link = staffPage.getByRole('link', { name: /satutunti/ });
      await link.waitFor();
      assert.ok((await link.innerText()).includes(queueTitle), 'the row names the queue');
      await link.click();
      await staffPage.getByRole('button', { name: t['queues.transfer.open'] }).click();
      const dialog = staffPage.getByRole('dialog', { name: t['queues.transfer.title'] });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: new RegExp(` ${t['queues.transfer.colleague']!}$`) }).click();
      await staffPage.getByRole('option', { name: 'Kaisa Kollega' }).click();
      const note = lang === 'fi' ? 'Asiakas kysyy satutunnista, hoidatko?' : 'Kunden frågar om sagostunden, tar du den?';
      await dialog.getByRole('textbox', { name: t['queues.transfer.note'] }).fill(note);
      await assertAxeClean(staffPage, `transfer dialog ${lang}`);
      await dialog.getByRole('button', { name: t['queues.transfer.submit'] }).click();
      await dialog.waitFor({ state: 'detached' });
      await staffContext.close();

      // The colleague has it, with the transfer and the note in the timeline.
      const colleagueContext = await browser.newContext({ locale: `${lang}-FI` });
      const colleaguePage = await colleagueContext.newPage();
      await signIn(colleaguePage, t, colleague);
      await colleaguePage.getByRole('link', { name: /satutunti/ }).click();
      const timeline = colleaguePage.locator('.timeline');
      await timeline.getByText(note).waitFor();
      const transferred = format(lang, 'queues.event.transferredTo', {
        name: '\u2068Sanna Staff\u2069',
        assignee: '\u2068Kaisa Kollega\u2069',
      });
      assert.ok(
        (await timeline.innerText()).replace(/[\u2068\u2069]/g, '').includes(transferred.replace(/[\u2068\u2069]/g, '')),
        'the transfer is in the timeline',
      );
      const view = await app.db
        .selectFrom('conversations')
        .select('assignee_id')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      assert.equal(view.assignee_id, colleague.id);
      await colleagueContext.close();
    });
  }
});
