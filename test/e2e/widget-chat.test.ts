// Browser tests of the customer chat widget on the demo page, in Debian's Chromium, on the
// default embedded database (the API tests cover PostgreSQL).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { TestSocket } from '../support/ws.js';
import { describeViolations, ensureFrontEndsBuilt, launchBrowser, seriousAxeViolations } from './support/browser.js';

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/widget.json`, import.meta.url), 'utf8')) as Record<string, string>;
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

    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Sisäinen muistiinpano', internal: true }, cookie });
    await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body: 'Sunnuntaisin 12–16.' }, cookie });
    const log = page.getByRole('log');
    await log.getByText('Sunnuntaisin 12–16.').waitFor();
    assert.match(await log.innerText(), /<script>alert\(1\)<\/script>/, 'the script tag shows as text');
    assert.ok(!(await log.innerText()).includes('Sisäinen muistiinpano'), 'an internal note reached the customer');
    assert.equal(dialogFired, false);

    await page.reload();
    await page.getByRole('button', { name: fi['launcher.open'] }).click();
    await log.getByText('Sunnuntaisin 12–16.').waitFor();
    assert.equal(await log.getByText('Sunnuntaisin 12–16.').count(), 1);
    assert.equal(await log.getByText(/Onko kirjasto auki sunnuntaina/).count(), 1);
    assert.equal(await latestConversationId(), conversationId, 'the reload resumed the same conversation');
    staffSocket.close();
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

    for (const body of ['Vastaus yksi', 'Vastaus kaksi', 'Kirjoitettu katkon aikana']) await log.getByText(body).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('kanava-chat')?.shadowRoot?.querySelector('li.pending'), undefined, { timeout: 15_000 });
    const texts = await log.locator('li p').allInnerTexts();
    assert.deepEqual(texts, ['Ensimmäinen viesti', 'Vastaus yksi', 'Vastaus kaksi', 'Kirjoitettu katkon aikana']);
    const stored = await app.db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).orderBy('seq').execute();
    assert.deepEqual(stored.map((m) => m.body), texts, 'stored once each, in the same order');
    await context.close();
  });

  test('no serious or critical axe violations, keyboard use, language switch', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/demo/${slug}?lang=fi`);
    // Keyboard only: tab to the launcher, open with Enter, write and send, Esc closes.
    const launcher = page.getByRole('button', { name: fi['launcher.open'] });
    for (let i = 0; i < 10 && !(await launcher.evaluate((el) => el.matches(':focus') || el.getRootNode() !== document && (el.getRootNode() as ShadowRoot).activeElement === el)); i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type('Näppäimistöllä kirjoitettu');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Näppäimistöllä kirjoitettu').waitFor();
    const violations = await seriousAxeViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.querySelector('kanava-chat')?.shadowRoot?.activeElement?.className), 'launcher');

    await launcher.click();
    await page.getByLabel(fi['language.label']!).selectOption('sv');
    await page.getByRole('button', { name: sv['form.send'] }).waitFor();
    await page.getByLabel(sv['form.message']!).waitFor();
    const svViolations = await seriousAxeViolations(page);
    assert.equal(svViolations.length, 0, describeViolations(svViolations));
    await context.close();
  });
});
