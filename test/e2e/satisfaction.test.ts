// Satisfaction (CSAT) in Chromium, in Finnish and Swedish: staff resolve a chat in the staff
// app → the widget asks the question → the customer answers (by mouse in Finnish, by keyboard
// alone in Swedish) → a supervisor reads it on the Satisfaction screen and in the conversation.
// axe checks the survey, the thank-you, the screen and the rating.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser, recordCspViolations } from './support/browser.js';

type Lang = 'fi' | 'sv';
type Catalogue = Record<string, string>;
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const format = (lang: Lang, catalogue: Catalogue, key: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(catalogue[key]!, lang).format(values));
const screenshots = process.env.KANAVA_SCREENSHOTS;

describe('satisfaction survey in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let slug: string;
  let staff: TestAccount;
  let supervisor: TestAccount;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    const library = await buildLibrary(app.db);
    slug = library.slug;
    staff = await buildAccount(app.db, library, { role: 'staff', displayName: 'Elsa Esimerkki' });
    supervisor = await buildAccount(app.db, library, { role: 'supervisor', displayName: 'Sami Supervisor' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(page: Page, account: TestAccount, catalogue: Catalogue) {
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(catalogue['signIn.email']!).fill(account.email);
    await page.getByLabel(catalogue['signIn.password']!).fill(account.password);
    await page.getByRole('button', { name: catalogue['signIn.submit'] }).click();
    await page.getByText(catalogue['live.connected']!).waitFor();
  }

  async function shoot(page: Page, name: string) {
    if (!screenshots) return;
    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `${screenshots}/${name}-${width}.png` });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  for (const lang of ['fi', 'sv'] as const) {
    test(`[${lang}] staff resolve → the widget asks → the customer answers → the supervisor reads it`, async () => {
      const staffTexts = load(lang, 'staff');
      const widget = load(lang, 'widget');
      const keyboard = lang === 'sv';
      const question = lang === 'fi' ? 'Mitä mieltä olit palvelusta?' : 'Vad tyckte du om servicen?';
      const comment = lang === 'fi' ? 'Nopea ja ystävällinen vastaus, kiitos!' : 'Snabbt och vänligt svar, tack!';
      const score = lang === 'fi' ? 4 : 2;
      // The library's own wording in Finnish; Swedish uses the default.
      const adminCookie = await app.signIn(await buildAccount(app.db, { id: staff.libraryId }, { role: 'admin' }));
      const patched = await app.request('/api/v1/library', {
        method: 'PATCH',
        cookie: adminCookie,
        json: { settings: { satisfaction: { question: { fi: 'Mitä mieltä olit palvelusta?', sv: null } } } },
      });
      assert.equal(patched.status, 200);

      const customerContext = await browser.newContext({ locale: `${lang}-FI`, viewport: { width: 1366, height: 768 } });
      const customerViolations = await recordCspViolations(customerContext);
      const customer = await customerContext.newPage();
      const staffContext = await browser.newContext({ locale: `${lang}-FI`, viewport: { width: 1366, height: 768 } });
      const staffPage = await staffContext.newPage();
      await signIn(staffPage, staff, staffTexts);

      const first = lang === 'fi' ? 'Miten uusin lainani?' : 'Hur förnyar jag mina lån?';
      await customer.goto(`${app.baseUrl}/demo/${slug}?lang=${lang}`);
      await customer.getByRole('button', { name: widget['launcher.open'] }).click();
      await customer.getByLabel(widget['form.message']!).fill(first);
      await customer.getByRole('button', { name: widget['form.send'] }).click();

      // Not asked while the conversation is open.
      const row = staffPage.getByRole('link', { name: new RegExp(first.replace('?', '\\?')) });
      await row.waitFor();
      await row.click();
      await staffPage.getByRole('button', { name: staffTexts['conversation.claim'] }).click();
      await staffPage.getByLabel(staffTexts['reply.label']!).fill(lang === 'fi' ? 'Verkkokirjastossa.' : 'I webbiblioteket.');
      await staffPage.getByRole('button', { name: staffTexts['reply.send'] }).click();
      const log = customer.getByRole('log');
      await log.getByText(lang === 'fi' ? 'Verkkokirjastossa.' : 'I webbiblioteket.').waitFor();
      const group = customer.getByRole('group', { name: lang === 'fi' ? question : widget['survey.question'] });
      assert.equal(await group.count(), 0, 'no survey before the conversation is resolved');

      await staffPage.getByRole('button', { name: staffTexts['conversation.resolve'] }).click();
      await group.waitFor();
      // The library's own wording in Finnish, the default wording in Swedish.
      assert.equal(await customer.getByText(lang === 'fi' ? question : widget['survey.question']!, { exact: true }).count(), 1);
      assert.equal(await group.getByRole('radio').count(), 5, 'the default scale 1–5');
      await assertAxeClean(customer, `the satisfaction survey (${lang})`);
      await shoot(customer, `survey-widget-${lang}`);

      // The comment and the button come with a score.
      assert.equal(await customer.getByRole('button', { name: widget['survey.send'] }).count(), 0);
      if (keyboard) {
        // Keyboard only: Tab from the message log's last stop into the radio group, arrows choose, Tab moves on.
        await log.focus();
        await customer.keyboard.press('Tab');
        await customer.keyboard.press('ArrowRight');
        assert.equal(await group.getByRole('radio', { name: '2', exact: true }).isChecked(), true);
        await customer.keyboard.press('Tab');
        await customer.keyboard.type(comment);
        await customer.keyboard.press('Tab');
        await customer.keyboard.press('Enter');
      } else {
        await group.getByRole('radio', { name: String(score), exact: true }).check();
        await customer.getByLabel(widget['survey.comment']!).fill(comment);
        await customer.getByRole('button', { name: widget['survey.send'] }).click();
      }
      const thanks = customer.getByRole('status').filter({ hasText: widget['survey.thanks']! });
      await thanks.waitFor();
      // Focus moved to the thank-you: it is read out and the keyboard is not lost.
      const focused = await customer.evaluate(() => {
        let active = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        return active?.textContent ?? '';
      });
      assert.equal(focused, widget['survey.thanks']);
      await assertAxeClean(customer, `the satisfaction thank-you (${lang})`);
      const stored = await app.db.selectFrom('satisfaction_surveys').selectAll().where('comment', '=', comment).executeTakeFirstOrThrow();
      assert.equal(stored.score, score);
      assert.equal(stored.language, lang);

      // A reload does not ask again.
      await customer.reload();
      // The panel was open: it is open again after the reload.
      await customer.getByRole('dialog').waitFor();
      await log.getByText(first).waitFor();
      await customer.waitForTimeout(500);
      assert.equal(await group.count(), 0, 'answered: not asked again');
      assert.deepEqual(customerViolations, []);
      await customerContext.close();

      // Plain staff have no Satisfaction screen.
      assert.equal(await staffPage.getByRole('link', { name: staffTexts['satisfaction.nav'] }).count(), 0);
      await staffContext.close();

      // The supervisor: the screen lists the answer with its comment, the summary counts it.
      const supervisorContext = await browser.newContext({ locale: `${lang}-FI`, viewport: { width: 1366, height: 768 } });
      const page = await supervisorContext.newPage();
      await signIn(page, supervisor, staffTexts);
      await page.getByRole('link', { name: staffTexts['satisfaction.nav'] }).click();
      await page.getByRole('heading', { name: staffTexts['satisfaction.title'], level: 2 }).waitFor();
      const answers = page.getByRole('table', { name: staffTexts['satisfaction.answers'] });
      const answerRow = answers.getByRole('row').filter({ hasText: comment });
      await answerRow.waitFor();
      assert.match(await answerRow.innerText(), new RegExp(`${score} / 5`));
      assert.match(await answerRow.innerText(), /Elsa Esimerkki/);
      const answered = await app.db.selectFrom('satisfaction_surveys').select('score').where('answered_at', 'is not', null).execute();
      const average = answered.reduce((sum, r) => sum + (r.score ?? 0), 0) / answered.length;
      const averageText = format(lang, staffTexts, 'satisfaction.average', {
        average: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(average),
        max: 5,
      });
      await page.getByText(averageText).waitFor();
      const distribution = page.getByRole('table', { name: format(lang, staffTexts, 'satisfaction.distribution', { min: 1, max: 5 }) });
      const scoreRow = distribution.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(score), exact: true }) });
      assert.match(await scoreRow.innerText(), /\b1\b/);
      await assertAxeClean(page, `the Satisfaction screen (${lang})`);
      await shoot(page, `satisfaction-screen-${lang}`);

      // Another channel: nothing.
      const screen = page.locator('section.satisfaction');
      await screen.getByRole('button', { name: staffTexts['satisfaction.channel'] }).click();
      await page.getByRole('option', { name: staffTexts['channel.email'] }).click();
      await page.getByText(staffTexts['satisfaction.empty']!).waitFor();

      // The rating in the conversation view.
      await screen.getByRole('button', { name: staffTexts['satisfaction.channel'] }).click();
      await page.getByRole('option', { name: staffTexts['satisfaction.allChannels'] }).click();
      await answerRow.getByRole('link').click();
      const rating = page.getByRole('region', { name: staffTexts['satisfaction.ratingTitle'] });
      await rating.getByText(`${score} / 5`).waitFor();
      await rating.getByText(comment, { exact: false }).waitFor();
      await assertAxeClean(page, `a conversation with its rating (${lang})`);
      await shoot(page, `satisfaction-rating-${lang}`);
      await supervisorContext.close();
    });
  }
});
