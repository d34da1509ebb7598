// Browser tests of the chat widget's fixes (issue 8), in Debian's Chromium, in Finnish and
// Swedish: the offline box beside (not over) the message form, ending a conversation with
// confirmation and staff seeing it, texts that promise no emailed answer, the language and
// panel remembered, the demo page on a phone, one clock for customer and staff, and the page
// the chat started on shown to staff.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Lang = 'fi' | 'sv';
type Catalogue = Record<string, string>;
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const widget = { fi: load('fi', 'widget'), sv: load('sv', 'widget') };
const staffText = { fi: load('fi', 'staff'), sv: load('sv', 'staff') };
const LANGS: Lang[] = ['fi', 'sv'];
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.KANAVA_SCREENSHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** A time on the library's clock as the reader's language writes it: "klo 9.05", "kl. 9.05". */
function libraryClock(lang: Lang, iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('fi-FI', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone }).formatToParts(
    new Date(iso),
  );
  const value = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${lang === 'fi' ? 'klo' : 'kl.'} ${Number(value('hour'))}.${value('minute')}`;
}

describe('chat widget fixes in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let library: Awaited<ReturnType<typeof buildLibrary>>;
  let staff: TestAccount;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    // Closed now (hours only on a day that is not today), with texts and contacts: the
    // fullest offline box there is.
    const today = new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'Europe/Helsinki' }).format(new Date()).toLowerCase();
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const other = days[(days.indexOf(today as (typeof days)[number]) + 3) % 7]!;
    library = await buildLibrary(app.db, {
      settings: {
        timeZone: 'Europe/Helsinki',
        texts: {
          offline: {
            fi: 'Chat on kiinni. Soita meille arkisin tai käy lainaustiskillä, autamme mielellämme kaikissa kirjastoasioissa.',
            sv: 'Chatten är stängd. Ring oss på vardagar eller besök lånedisken, vi hjälper gärna till med alla biblioteksärenden.',
            en: 'Chat is closed. Call us on weekdays or visit the loans desk.',
          },
        },
        contact: { email: 'neuvonta@kirjasto.example.fi', phone: '+358 9 123 4567' },
        openingHours: { chat: { [other]: [['09:00', '16:00']] } },
      },
    });
    staff = await buildAccount(app.db, library, { displayName: 'Elsa Esimerkki' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function openWidget(page: Page, lang: Lang) {
    await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=${lang}`);
    await page.getByRole('button', { name: widget[lang]['launcher.open'] }).click();
    await page.getByRole('dialog').waitFor();
  }

  async function signInStaff(context: BrowserContext, lang: Lang): Promise<Page> {
    const page = await context.newPage();
    await page.addInitScript((language) => localStorage.setItem('kanava-staff-language', language), lang);
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(staffText[lang]['signIn.email']!).fill(staff.email);
    await page.getByLabel(staffText[lang]['signIn.password']!).fill(staff.password);
    await page.getByRole('button', { name: staffText[lang]['signIn.submit'] }).click();
    await page.getByText(staffText[lang]['live.connected']!).waitFor();
    return page;
  }

  async function latestConversationId(): Promise<string> {
    const row = await app.db
      .selectFrom('conversations')
      .select('id')
      .where('library_id', '=', library.id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function send(page: Page, lang: Lang, body: string) {
    await page.getByLabel(widget[lang]['form.message']!).fill(body);
    await page.getByRole('button', { name: widget[lang]['form.send'] }).click();
    await page.getByRole('log').getByText(body).waitFor();
    // Acknowledged (no longer "sending"): the conversation exists on the server.
    await page.waitForFunction(() => !document.querySelector('kanava-chat')?.shadowRoot?.querySelector('li.pending'));
  }

  /**
   * Where the offline box, the email field, the message field and Send are: each brought into
   * the panel's view (the panel scrolls when it cannot show everything), then whether it lies
   * wholly inside the viewport and the panel, and what a click at its centre would hit.
   */
  async function formLayout(page: Page) {
    return page.evaluate(() => {
      const root = document.querySelector('kanava-chat')!.shadowRoot!;
      const panel = root.querySelector('#panel')!;
      const parts = {
        box: root.querySelector('.offline'),
        heading: root.querySelector('.offline h3'),
        email: root.querySelector('#email'),
        message: root.querySelector('#message'),
        send: root.querySelector('button[type="submit"]'),
      };
      const result: Record<string, { rect: DOMRect; visible: boolean; hit: boolean } | null> = {};
      for (const [name, element] of Object.entries(parts)) {
        if (!element) {
          result[name] = null;
          continue;
        }
        element.scrollIntoView({ block: 'nearest' });
        const rect = element.getBoundingClientRect();
        const frame = panel.getBoundingClientRect();
        // (No helper functions in here: the test runner's compiler would name them with a
        // function the page does not have.)
        let visible = rect.width > 0 && rect.height > 0;
        for (const f of [{ left: 0, top: 0, right: innerWidth, bottom: innerHeight }, frame]) {
          visible &&= rect.left >= f.left - 0.5 && rect.top >= f.top - 0.5 && rect.right <= f.right + 0.5 && rect.bottom <= f.bottom + 0.5;
        }
        const hitAt = root.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 10));
        result[name] = { rect: rect.toJSON() as DOMRect, visible, hit: hitAt !== null && (hitAt === element || element.contains(hitAt)) };
      }
      // Where each lies now, all at one scroll position: what overlaps overlaps at any.
      for (const [name, element] of Object.entries(parts)) {
        if (element && result[name]) result[name].rect = element.getBoundingClientRect().toJSON() as DOMRect;
      }
      return result;
    });
  }

  for (const viewport of [DESKTOP, PHONE]) {
    for (const lang of LANGS) {
      test(`offline: the box with what to do instead sits beside the form, nothing covered or cut (${lang}, ${viewport.width}×${viewport.height})`, async () => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await openWidget(page, lang);
        await page.getByText(widget[lang]['offline.insteadTitle']!).waitFor();
        await page.getByLabel(widget[lang]['offline.emailField']!).waitFor();
        await shot(page, `offline-${lang}-${viewport.width}`);
        const layout = await formLayout(page);
        for (const name of ['box', 'heading', 'email', 'message', 'send'] as const) {
          const part = layout[name];
          assert.ok(part, `${name} is there`);
          assert.ok(part.visible, `${name} is wholly visible in the panel and the window: ${JSON.stringify(part.rect)}`);
          assert.ok(part.hit, `a click on ${name} reaches it`);
        }
        const names = ['box', 'email', 'message', 'send'] as const;
        for (const [i, a] of names.entries()) {
          for (const b of names.slice(i + 1)) {
            const r = layout[a]!.rect;
            const s = layout[b]!.rect;
            const overlap = r.left < s.right - 0.5 && s.left < r.right - 0.5 && r.top < s.bottom - 0.5 && s.top < r.bottom - 0.5;
            assert.ok(!overlap, `${a} and ${b} overlap: ${JSON.stringify(r)} ${JSON.stringify(s)}`);
          }
        }
        // And they work: the email field and the message take what is typed.
        await page.getByLabel(widget[lang]['offline.emailField']!).fill('asiakas@example.fi');
        await page.getByLabel(widget[lang]['form.message']!).fill('Kysymys');
        await page.getByRole('button', { name: widget[lang]['form.send'] }).click({ trial: true, timeout: 2000 });
        await assertAxeClean(page, `offline widget ${lang} ${viewport.width}`);
        await context.close();
      });
    }
  }

  for (const lang of LANGS) {
    test(`the widget promises no answer by email, only what is true (${lang})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await openWidget(page, lang);
      await page.getByText(widget[lang]['offline.leaveMessage']!).waitFor();
      const text = await page.getByRole('dialog').innerText();
      const promise = { fi: /vastau\w* sähköpost|sähköpostiin|vastausta varten/i, sv: /svar\w* (via|per|med) e-post|e-post för svar/i }[
        lang
      ];
      assert.doesNotMatch(text, promise);
      assert.doesNotMatch(await page.getByText(widget[lang]['offline.emailField']!).innerText(), promise);
      await context.close();
    });
  }

  for (const lang of LANGS) {
    test(`ending the conversation asks first, staff see it live, and the customer's history goes only once the server took it (${lang})`, async () => {
      const staffContext = await browser.newContext({ viewport: DESKTOP });
      const staffPage = await signInStaff(staffContext, lang);
      const context = await browser.newContext();
      const page = await context.newPage();
      await openWidget(page, lang);
      await send(page, lang, `Lopetettava keskustelu ${lang}`);
      const conversationId = await latestConversationId();
      await staffPage.goto(`${app.baseUrl}/app/#/c/${conversationId}`);
      const timeline = staffPage.getByRole('list', { name: staffText[lang]['conversation.timeline'] });
      await timeline.getByText(`Lopetettava keskustelu ${lang}`).waitFor();

      const w = widget[lang];
      const log = page.getByRole('log');
      // Asked first; cancelling keeps everything.
      await page.getByRole('button', { name: w['end.button'] }).click();
      await page.getByText(w['leave.question']!).waitFor();
      await shot(page, `end-confirm-${lang}`);
      assert.equal(
        await page.evaluate(() => document.querySelector('kanava-chat')?.shadowRoot?.activeElement?.textContent?.trim()),
        w['leave.cancel'],
        'the safe answer has the focus',
      );
      await assertAxeClean(page, `end confirmation ${lang}`);
      await page.getByRole('button', { name: w['leave.cancel'] }).click();
      await log.getByText(`Lopetettava keskustelu ${lang}`).waitFor();

      // The server cannot be reached: nothing is forgotten, the customer is told.
      await page.route('**/leave', (route) => route.abort(), { times: 1 });
      await page.getByRole('button', { name: w['end.button'] }).click();
      await page.getByRole('button', { name: w['leave.confirm'] }).click();
      await page.getByText(w['leave.failed']!).waitFor();
      await log.getByText(`Lopetettava keskustelu ${lang}`).waitFor();
      assert.ok(await page.evaluate((slug) => localStorage.getItem(`kanava-chat:${slug}`), library.slug));

      // Confirmed and accepted: gone here, an event for staff, live and in words.
      await page.getByRole('button', { name: w['leave.confirm'] }).click();
      await log.getByText(`Lopetettava keskustelu ${lang}`).waitFor({ state: 'detached' });
      assert.equal(await log.locator('li').count(), 0);
      assert.equal(await page.getByRole('button', { name: w['end.button'] }).count(), 0);
      assert.equal(await page.evaluate((slug) => localStorage.getItem(`kanava-chat:${slug}`), library.slug), null);
      await timeline.getByText(staffText[lang]['event.customer_left']!).waitFor();
      // The reply box says what becomes of a reply; the status stays open.
      await staffPage.getByText(staffText[lang]['reply.fate.customerLeft']!).waitFor();
      const describedBy = (await staffPage.getByLabel(staffText[lang]['reply.label']!).getAttribute('aria-describedby')) ?? '';
      assert.ok(describedBy.split(' ').includes('reply-fate'), 'read out with the reply box');
      const row = await app.db
        .selectFrom('conversations')
        .select(['status', 'customer_left_at'])
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'open');
      assert.ok(row.customer_left_at);
      await shot(staffPage, `staff-customer-left-${lang}`);
      await assertAxeClean(staffPage, `conversation after the customer left ${lang}`);
      await context.close();
      await staffContext.close();
    });
  }

  for (const lang of LANGS) {
    test(`the language chosen in the widget and the open panel are there again after a reload (${lang})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // The page says the other language; the customer chooses this one in the widget.
      const pageLang = lang === 'fi' ? 'sv' : 'fi';
      await openWidget(page, pageLang);
      await page.getByLabel(widget[pageLang]['language.label']!).selectOption(lang);
      await page.getByRole('button', { name: widget[lang]['form.send'] }).waitFor();
      await page.reload();
      await page.getByRole('dialog').waitFor();
      await page.getByRole('button', { name: widget[lang]['form.send'] }).waitFor();
      assert.equal(await page.getByLabel(widget[lang]['language.label']!).inputValue(), lang);
      // The restored panel does not take the focus from the page.
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
      await page.getByRole('button', { name: widget[lang]['panel.close'] }).click();
      await page.reload();
      await page.getByRole('button', { name: widget[lang]['launcher.open'] }).waitFor();
      assert.equal(await page.getByRole('dialog').count(), 0, 'closed stays closed');
      await context.close();
    });
  }

  for (const lang of LANGS) {
    test(`the demo page fits a phone: the chat button stays on screen (${lang})`, async () => {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/demo/${library.slug}?lang=${lang}`);
      const launcher = page.getByRole('button', { name: widget[lang]['launcher.open'] });
      await launcher.waitFor();
      const box = (await launcher.boundingBox())!;
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height, JSON.stringify(box));
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing widens the page past the screen');
      await shot(page, `demo-phone-${lang}`);
      await context.close();
    });
  }

  for (const lang of LANGS) {
    test(`customer and staff read the same clock time for a message, whatever their devices' zones (${lang})`, async () => {
      const customerContext = await browser.newContext({ timezoneId: 'America/New_York' });
      const staffContext = await browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: DESKTOP });
      const staffPage = await signInStaff(staffContext, lang);
      const page = await customerContext.newPage();
      await openWidget(page, lang);
      const body = `Mihin aikaan? ${lang}`;
      await send(page, lang, body);
      const message = await app.db
        .selectFrom('messages')
        .select(['created_at', 'conversation_id'])
        .where('body', '=', body)
        .executeTakeFirstOrThrow();
      const expected = libraryClock(lang, message.created_at.toISOString(), 'Europe/Helsinki');
      const customerMeta = await page.getByRole('log').locator('li', { hasText: body }).locator('.meta').innerText();
      assert.ok(customerMeta.includes(expected), `the customer sees ${expected}: ${customerMeta}`);
      await staffPage.goto(`${app.baseUrl}/app/#/c/${message.conversation_id}`);
      const item = staffPage.locator('.timeline > li', { hasText: body });
      await item.waitFor();
      const staffMeta = await item.locator('.meta').innerText();
      assert.ok(staffMeta.includes(expected), `staff see ${expected}: ${staffMeta}`);
      await customerContext.close();
      await staffContext.close();
    });
  }

  for (const lang of LANGS) {
    test(`staff see the page the chat started on, as a safe link (${lang})`, async () => {
      const staffContext = await browser.newContext({ viewport: DESKTOP });
      const staffPage = await signInStaff(staffContext, lang);
      const context = await browser.newContext();
      const page = await context.newPage();
      await openWidget(page, lang);
      const title = `Haku: muumi <img src=x onerror=alert(1)> ${lang}`;
      await page.evaluate((t) => (document.title = t), title);
      const url = page.url();
      await send(page, lang, `Sivulta ${lang}`);
      await staffPage.goto(`${app.baseUrl}/app/#/c/${await latestConversationId()}`);
      const link = staffPage.getByRole('link', { name: title });
      await link.waitFor();
      assert.equal(await link.getAttribute('href'), url);
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await link.getAttribute('target'), '_blank');
      assert.equal(await staffPage.locator('header img').count(), 0, 'the title is text, never markup');
      await shot(staffPage, `staff-page-context-${lang}`);
      await assertAxeClean(staffPage, `conversation with page context ${lang}`);
      await context.close();
      await staffContext.close();
    });
  }
});
