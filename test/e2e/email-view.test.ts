// An email conversation in the staff app, in Finnish and Swedish: the subject and the
// customer's address in the header, the mail icon in the inbox, the new text with the quoted
// history and signature folded behind a keyboard-operable button, and the original layout in
// a dialog whose frame is sandboxed without any permission. axe checks each state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { seedEmailConversation, type SeededEmail } from '../support/email-seed.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser, recordCspViolations } from './support/browser.js';

type Lang = 'fi' | 'sv';
type Catalogue = Record<string, string>;
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Catalogue;
const screenshots = process.env.KANAVA_SCREENSHOTS;

const MAILS: Record<Lang, { address: string; subject: string; main: string; quote: string; signature: string; html: string }> = {
  fi: {
    address: 'maija.meikalainen@example.com',
    subject: 'Kaukolainan nouto',
    main: 'Hei, kiitos tiedosta! Haen kirjan huomenna.',
    quote: 'Kaukolainasi on saapunut Kallion kirjastoon.',
    signature: 'Maija Meikäläinen',
    html: '<p>Hei, <b>kiitos tiedosta</b>! Haen kirjan huomenna.</p>',
  },
  sv: {
    address: 'anna.andersson@example.com',
    subject: 'Fjärrlån att hämta',
    main: 'Hej, tack för beskedet! Jag hämtar boken i morgon.',
    quote: 'Ditt fjärrlån har kommit till Berghälls bibliotek.',
    signature: 'Anna Andersson',
    html: '<p>Hej, <b>tack för beskedet</b>! Jag hämtar boken i morgon.</p>',
  },
};

const bodyOf = (mail: (typeof MAILS)[Lang], attribution: string) =>
  [mail.main, '', '-- ', mail.signature, '', attribution, `> ${mail.quote}`, '>', '> Kirjasto'].join('\n');

describe('email conversations in the staff app (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let staff: TestAccount;
  const seeded = {} as Record<Lang, SeededEmail>;
  let plainText: SeededEmail;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    const library = await buildLibrary(app.db);
    staff = await buildAccount(app.db, library, { role: 'staff', displayName: 'Elsa Esimerkki' });
    for (const lang of ['fi', 'sv'] as const) {
      const mail = MAILS[lang];
      seeded[lang] = await seedEmailConversation(app.db, {
        libraryId: library.id,
        language: lang,
        address: mail.address,
        subject: mail.subject,
        body: bodyOf(
          mail,
          lang === 'fi'
            ? 'ma 3.11.2025 klo 10.12 Kirjasto <kirjasto@example.fi> kirjoitti:'
            : 'Den 3 nov. 2025 kl 10:12 skrev Biblioteket <bibliotek@example.fi>:',
        ),
        html: mail.html,
        attachments: [
          {
            filename: lang === 'fi' ? 'lainakuitti.pdf' : 'lånekvitto.pdf',
            contentType: 'application/pdf',
            content: Buffer.alloc(1258291, 1),
          },
          { filename: 'logo.png', contentType: 'image/png', content: Buffer.alloc(2560, 2), inline: true },
        ],
      });
    }
    plainText = await seedEmailConversation(app.db, {
      libraryId: library.id,
      address: 'pekka@example.com',
      subject: 'Aukioloajat',
      body: 'Onko kirjasto auki lauantaina?',
      html: null,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signedIn(lang: Lang, texts: Catalogue): Promise<{ page: Page; violations: string[] }> {
    const context = await browser.newContext({ locale: `${lang}-FI`, viewport: { width: 1366, height: 768 } });
    const violations = await recordCspViolations(context);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(texts['signIn.email']!).fill(staff.email);
    await page.getByLabel(texts['signIn.password']!).fill(staff.password);
    await page.getByRole('button', { name: texts['signIn.submit'] }).click();
    await page.getByText(texts['live.connected']!).waitFor();
    return { page, violations };
  }

  /** At a desktop and a phone width: nothing sticks out sideways (and screenshots, when asked for). */
  async function atBothWidths(page: Page, name: string) {
    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      // The page scrolls sideways only when something is wider than the screen; name the culprits
      // (the innermost elements sticking out) so a failure says where.
      const overflowing = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth <= width) return [];
        return [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > width + 1 && el.children.length === 0)
          .map((el) => `${el.parentElement?.className ?? ''} > ${el.tagName.toLowerCase()}: ${(el.textContent ?? '').slice(0, 40)}`);
      });
      assert.deepEqual(overflowing, [], `${name} at ${width} px: wider than the screen`);
      if (screenshots) await page.screenshot({ path: `${screenshots}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  for (const lang of ['fi', 'sv'] as const) {
    test(`[${lang}] subject and address, folded quote by keyboard, original formatting in a sandboxed frame`, async () => {
      const texts = load(lang);
      const mail = MAILS[lang];
      const { page, violations } = await signedIn(lang, texts);

      // The inbox row says "email" in words, with the mail icon beside them as decoration.
      const row = page.getByRole('link', { name: new RegExp(mail.address.replace(/\./g, '\\.')) });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(texts['channel.email']!));
      await row.locator('.mail-row-subject').getByText(mail.subject).waitFor();
      assert.equal(await row.locator('svg.channel-icon').getAttribute('aria-hidden'), 'true');
      await row.click();

      const conversation = page.locator('section.conversation');
      await conversation.locator('.mail-subject').getByText(mail.subject).waitFor();
      await conversation.locator('.mail-head').getByText(mail.address).waitFor();

      // The new text shows; the quote and the signature wait behind the button.
      const message = conversation.locator('li.message.customer');
      await message.getByText(mail.main).waitFor();
      assert.equal(await message.getByText(mail.quote).isVisible(), false, 'the quote is folded');
      assert.equal(await message.getByText(mail.signature, { exact: true }).isVisible(), false, 'the signature is folded');
      await atBothWidths(page, `email-view-${lang}`);
      await assertAxeClean(page, `email conversation ${lang}`);

      const toggle = message.getByRole('button', { name: texts['emailView.showQuoted'] });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      await toggle.focus();
      await page.keyboard.press('Enter');
      const hide = message.getByRole('button', { name: texts['emailView.hideQuoted'] });
      assert.equal(await hide.getAttribute('aria-expanded'), 'true');
      await message.getByText(mail.quote, { exact: false }).waitFor();
      await message.getByText(mail.signature, { exact: true }).waitFor();
      assert.equal(await hide.evaluate((el) => el === document.activeElement), true, 'focus stays on the button');
      await atBothWidths(page, `email-view-expanded-${lang}`);
      await assertAxeClean(page, `email conversation, quote open ${lang}`);
      await page.keyboard.press('Space');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await message.getByText(mail.quote, { exact: false }).isVisible(), false, 'folded again');

      // The original layout: a dialog with a frame that may do nothing but show the document.
      await message.getByRole('button', { name: texts['emailView.showOriginal'] }).click();
      const dialog = page.getByRole('dialog', { name: texts['emailView.originalTitle'] });
      const frame = dialog.locator('iframe');
      await frame.waitFor();
      assert.equal(await frame.getAttribute('sandbox'), '');
      assert.equal(await frame.getAttribute('title'), texts['emailView.frameTitle']);
      assert.equal(
        await frame.getAttribute('src'),
        `/api/v1/conversations/${seeded[lang].conversationId}/messages/${seeded[lang].messageId}/html`,
      );
      await page
        .frameLocator('iframe.mail-frame')
        .locator('b')
        .getByText(lang === 'fi' ? 'kiitos tiedosta' : 'tack för beskedet')
        .waitFor();
      await atBothWidths(page, `email-view-original-${lang}`);
      await assertAxeClean(page, `original formatting ${lang}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
      await page.context().close();
    });
  }

  test('[fi] a plain-text mail: nothing to fold, and the dialog says there is no formatted version', async () => {
    const texts = load('fi');
    const { page } = await signedIn('fi', texts);
    await page.goto(`${app.baseUrl}/app/#/c/${plainText.conversationId}`);
    const message = page.locator('li.message.customer');
    await message.getByText('Onko kirjasto auki lauantaina?').waitFor();
    assert.equal(await message.getByRole('button', { name: texts['emailView.showQuoted'] }).count(), 0);
    await message.getByRole('button', { name: texts['emailView.showOriginal'] }).click();
    const dialog = page.getByRole('dialog', { name: texts['emailView.originalTitle'] });
    await dialog.getByText(texts['emailView.noHtml']!).waitFor();
    assert.equal(await dialog.locator('iframe').count(), 0);
    await assertAxeClean(page, 'no formatted version fi');
    await dialog.getByRole('button', { name: texts['emailView.close'] }).click();
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to what opened the dialog.
    assert.equal(
      await message.getByRole('button', { name: texts['emailView.showOriginal'] }).evaluate((el) => el === document.activeElement),
      true,
    );
    await page.context().close();
  });

  test('[fi] attachments are download links with the file name and the size in the UI language', async () => {
    const texts = load('fi');
    const { page } = await signedIn('fi', texts);
    await page.goto(`${app.baseUrl}/app/#/c/${seeded.fi.conversationId}`);
    const list = page.locator('li.message.customer .mail-attachments');
    await list.waitFor({ timeout: 5000 });
    const [pdf, logo] = seeded.fi.attachmentIds;
    const pdfLink = list.getByRole('link', { name: /lainakuitti\.pdf/ });
    assert.equal(await pdfLink.getAttribute('href'), `/api/v1/conversations/${seeded.fi.conversationId}/attachments/${pdf}`);
    assert.equal(await pdfLink.getAttribute('download'), 'lainakuitti.pdf');
    assert.match((await pdfLink.textContent())?.replace(/\u00a0/g, ' ') ?? '', /1,2 Mt/);
    const logoLink = list.getByRole('link', { name: /logo\.png/ });
    assert.equal(await logoLink.getAttribute('href'), `/api/v1/conversations/${seeded.fi.conversationId}/attachments/${logo}`);
    assert.match((await logoLink.textContent()) ?? '', new RegExp(texts['emailView.inlineImage']!));
    await atBothWidths(page, 'email-attachments-fi');
    await assertAxeClean(page, 'attachments fi');
    await page.context().close();
  });
});
