// Browser tests of working together on a conversation, in Finnish and Swedish: two staff
// members in the staff app and a customer in the widget. Typing is shown both ways, a
// colleague viewing or writing is shown live, replying to a colleague's conversation asks
// first, and a conversation merges into another of the same customer. axe on each screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { appendMessage, insertConversation } from '../../src/domains/conversations/store.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
type Lang = 'fi' | 'sv';
const load = (lang: string, file: string) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/${file}.json`, import.meta.url), 'utf8')) as Catalogue;
const format = (lang: Lang, catalogue: Catalogue, key: string, values: Record<string, string | number>) =>
  String(new IntlMessageFormat(catalogue[key]!, lang).format(values));
// The app isolates names (<bdi>), which innerText leaves out: compare text without them.
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

describe('working together on a conversation in Chromium', () => {
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

  async function signIn(page: Page, account: TestAccount, staff: Catalogue) {
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(staff['signIn.email']!).fill(account.email);
    await page.getByLabel(staff['signIn.password']!).fill(account.password);
    await page.getByRole('button', { name: staff['signIn.submit'] }).click();
    await page.getByText(staff['live.connected']!).waitFor();
  }

  for (const lang of ['fi', 'sv'] as const) {
    test(`typing both ways, a colleague viewing and writing, reply to a claimed conversation, merge [${lang}]`, async () => {
      const staff = load(lang, 'staff');
      const widget = load(lang, 'widget');
      const library = await buildLibrary(app.db);
      const maija = await buildAccount(app.db, library, { displayName: 'Maija Virtanen' });
      const kalle = await buildAccount(app.db, library, { displayName: 'Kalle Nieminen' });
      const locale = lang === 'fi' ? 'fi-FI' : 'sv-SE';
      const pages: Page[] = [];
      const newPage = async (viewport = { width: 1366, height: 768 }) => {
        const page = await (await browser.newContext({ locale, viewport })).newPage();
        pages.push(page);
        return page;
      };
      try {
        const m = await newPage();
        const k = await newPage();
        const customer = await newPage({ width: 390, height: 844 });
        await signIn(m, maija, staff);
        await signIn(k, kalle, staff);

        // The customer starts a chat in the widget.
        await customer.goto(`${app.baseUrl}/demo/${library.slug}?lang=${lang}`);
        await customer.getByRole('button', { name: widget['launcher.open'] }).click();
        const field = customer.getByLabel(widget['form.message']!);
        await field.fill('Voinko varata kirjan?');
        await customer.getByRole('button', { name: widget['form.send'] }).click();
        const row = m.getByRole('link', { name: /Voinko varata kirjan/ });
        await row.waitFor();
        const { id: chatId, customer_id: customerId } = await app.db
          .selectFrom('conversations')
          .select(['id', 'customer_id'])
          .where('library_id', '=', library.id)
          .executeTakeFirstOrThrow();
        // An earlier email of the same customer, to merge later.
        const emailId = await insertConversation(app.db, {
          libraryId: library.id,
          customerId,
          channel: 'email',
          language: lang,
          subject: null,
        });
        await appendMessage(app.db, {
          libraryId: library.id,
          conversationId: emailId,
          kind: 'customer',
          body: 'Sähköpostilla aiemmin kysytty',
          authorId: null,
          event: null,
          clientMessageId: null,
        });

        // The customer typing shows in Maija's inbox row and, once she opens it, in the conversation.
        await customer.getByText(widget['status.online.other']!.replace('{count}', '2')).waitFor();
        await field.pressSequentially('Entä', { delay: 20 });
        await row.getByText(staff['collab.typingMarker']!).waitFor();
        await row.click();
        const anonymous = staff['customer.anonymous']!;
        await m.getByText(format(lang, staff, 'collab.customerTyping', { customer: anonymous })).waitFor();

        // Kalle opens the same conversation: each sees the other viewing.
        await k.goto(`${app.baseUrl}/app/#/c/${chatId}`);
        const kalleViewing = format(lang, staff, 'collab.viewing', { name: kalle.displayName });
        await m.getByText(kalleViewing).waitFor();
        await k.getByText(format(lang, staff, 'collab.viewing', { name: maija.displayName })).waitFor();
        await assertAxeClean(m, `conversation with a colleague viewing [${lang}]`);

        // Kalle claims it; Maija writes a reply: Kalle sees it, and the customer sees the library's staff typing (no name).
        await k.getByRole('button', { name: staff['conversation.claim'] }).click();
        await m.getByText(format(lang, staff, 'conversation.assignedTo', { name: kalle.displayName })).waitFor();
        await m.getByLabel(staff['reply.label']!).pressSequentially('Voit varata', { delay: 20 });
        await k.getByText(format(lang, staff, 'collab.writingReply', { name: maija.displayName })).waitFor();
        const staffTyping = widget['collab.staffTyping']!.replace(
          '{library}',
          `${lang === 'fi' ? 'Kirjasto' : 'Bibliotek'} ${library.slug}`,
        );
        await customer.getByText(staffTyping).waitFor();
        assert.ok(!(await customer.locator('body').innerText()).includes('Maija'), 'the customer never sees who is typing');
        await assertAxeClean(customer, `widget with staff typing [${lang}]`);

        // Sending to Kalle's conversation asks first; cancelling sends nothing, confirming sends.
        await m.getByRole('button', { name: staff['reply.send'] }).click();
        const question = m.getByRole('alertdialog', {
          name: plain(format(lang, staff, 'collab.replyClaimed', { name: kalle.displayName })),
        });
        await question.waitFor();
        await assertAxeClean(m, `reply-to-claimed question [${lang}]`);
        await question.getByRole('button', { name: staff['common.cancel'] }).click();
        await question.waitFor({ state: 'hidden' });
        assert.equal(await m.getByLabel(staff['reply.label']!).inputValue(), 'Voit varata', 'the draft stays');
        await m.getByRole('button', { name: staff['reply.send'] }).click();
        await question.getByRole('button', { name: staff['collab.replyAnyway'] }).click();
        await customer.getByRole('log').getByText('Voit varata').waitFor();
        // Sent: the widget no longer shows staff typing, Kalle sees Maija only viewing.
        await customer.getByText(staffTyping).waitFor({ state: 'hidden' });
        await k.getByText(format(lang, staff, 'collab.viewing', { name: maija.displayName })).waitFor();

        // Kalle leaves: his chip goes away on Maija's screen.
        await k.close();
        await m.getByText(kalleViewing).waitFor({ state: 'hidden' });

        // Merge the earlier email into the chat.
        await m.goto(`${app.baseUrl}/app/#/c/${emailId}`);
        await m.getByRole('button', { name: staff['collab.merge'] }).click();
        const dialog = m.getByRole('dialog', { name: staff['collab.mergeTitle'] });
        await dialog.waitFor();
        await dialog.getByRole('radio').first().check();
        await assertAxeClean(m, `merge dialog [${lang}]`);
        await dialog.getByRole('button', { name: staff['collab.mergeConfirm'] }).click();
        await m.waitForURL(new RegExp(`#/c/${chatId}$`));
        const timeline = m.locator('.timeline');
        await timeline.getByText('Sähköpostilla aiemmin kysytty').waitFor();
        await timeline.getByText(plain(format(lang, staff, 'collab.eventMergedIn', { count: 1, name: maija.displayName }))).waitFor();
        // The merged email is read-only and links to the chat.
        await m.goto(`${app.baseUrl}/app/#/c/${emailId}`);
        await m.getByText(staff['collab.mergedBanner']!).waitFor();
        assert.equal(await m.getByLabel(staff['reply.label']!).count(), 0, 'no reply box');
        await m.getByRole('link', { name: staff['collab.mergedLink'] }).click();
        await m.waitForURL(new RegExp(`#/c/${chatId}$`));
        await assertAxeClean(m, `merged conversation [${lang}]`);
      } finally {
        for (const page of pages) await page.context().close();
      }
    });
  }
});
