// Settings → Email in Chromium, in Finnish and Swedish: an admin adds a mailbox that sends
// through a real smtp-server on loopback, tests the connection and reads that it works, edits
// it (a wrong SMTP port → the failure in plain words), tests the saved mailbox from the list,
// and deletes it after confirming. axe checks the list, the form and the results.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
type Lang = 'fi' | 'sv';
const staffOf = (lang: Lang) =>
  JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Catalogue;
const format = (lang: Lang, key: string, values: Record<string, string | number> = {}) =>
  String(new IntlMessageFormat(staffOf(lang)[key]!, lang).format(values));
const screenshots = process.env.KANAVA_SCREENSHOTS;
const SMTP_PASSWORD = 'lähtevä-salasana';

describe('mailboxes in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let smtp: SMTPServer;
  let smtpPort: number;
  let closedPort: number;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    browser = await launchBrowser();
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'kirjasto' && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    closedPort = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => smtp?.close(() => resolve(undefined)));
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

  async function shoot(page: Page, name: string) {
    if (!screenshots) return;
    for (const [width, height] of [
      [1366, 768],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: `${screenshots}/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  for (const lang of ['fi', 'sv'] as const) {
    test(`[${lang}] add, test, edit with a wrong port, test from the list, delete`, async () => {
      const s = staffOf(lang);
      const library = await buildLibrary(app.db);
      const admin = await buildAccount(app.db, library, { role: 'admin' });
      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-SE' });
      const page = await context.newPage();
      await page.setViewportSize({ width: 1366, height: 768 });
      await signIn(page, lang, admin);
      await page.getByRole('navigation', { name: s['nav.label'] }).getByRole('button', { name: s['shell.admin'] }).click();
      await page.getByRole('menuitem', { name: s['settings.nav'] }).click();
      await page.getByRole('heading', { name: s['settings.title'] }).waitFor();
      await page.getByRole('tab', { name: s['mailboxes.tab'] }).click();
      await page.getByText(s['mailboxes.empty']!).waitFor();
      await assertAxeClean(page, `mailboxes, empty list (${lang})`);

      // Add: SMTP only, through the loopback server without encryption.
      await page.getByRole('button', { name: s['mailboxes.add'] }).click();
      const form = page.getByRole('form', { name: s['mailboxes.newTitle'] });
      await form.waitFor();
      const address = `asiakaspalvelu-${lang}@example.fi`;
      await form.getByRole('textbox', { name: s['mailboxes.address'] }).fill(address);
      await form
        .getByRole('group', { name: s['mailboxes.displayName'] })
        .getByRole('textbox', { name: s[`lang.${lang}`] })
        .fill(lang === 'fi' ? 'Pääkirjasto' : 'Huvudbiblioteket');
      await form.getByRole('switch', { name: s['mailboxes.imapEnabled'] }).click({ force: true });
      const smtpGroup = form.getByRole('group', { name: s['mailboxes.smtp'] });
      await smtpGroup.getByRole('textbox', { name: s['mailboxes.host'] }).fill('127.0.0.1');
      await smtpGroup.getByRole('textbox', { name: s['mailboxes.port'] }).fill(String(smtpPort));
      await smtpGroup.getByRole('button', { name: new RegExp(s['mailboxes.security']!) }).click();
      await page.getByRole('option', { name: s['mailboxes.securityNone'] }).click();
      await smtpGroup.getByRole('textbox', { name: s['mailboxes.user'] }).fill('kirjasto');
      await smtpGroup.getByLabel(s['mailboxes.password']!, { exact: true }).fill(SMTP_PASSWORD);
      await form.getByRole('button', { name: s['mailboxes.test'] }).click();
      const ok = format(lang, 'mailboxes.testOk', { side: s['mailboxes.smtp']! });
      await form.getByRole('status').getByText(ok).waitFor();
      await assertAxeClean(page, `mailbox form with a test result (${lang})`);
      await shoot(page, `mailbox-form-${lang}`);
      await form.getByRole('button', { name: s['mailboxes.save'] }).click();
      await page.getByText(s['mailboxes.saved']!).waitFor();
      // Back on the list, focus is on its heading, not lost with the form.
      assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H3');
      const item = page.getByRole('listitem').filter({ hasText: address });
      await item.getByText(s['mailboxes.badge.noImap']!).waitFor();

      const row = await app.db.selectFrom('mailboxes').selectAll().where('library_id', '=', library.id).executeTakeFirstOrThrow();
      assert.equal(row.smtp_port, smtpPort);
      assert.equal(row.smtp_security, 'none');
      assert.ok(row.smtp_secret && !row.smtp_secret.includes(SMTP_PASSWORD));
      assert.deepEqual(row.display_name, { [lang]: lang === 'fi' ? 'Pääkirjasto' : 'Huvudbiblioteket' });

      // Edit: the password stays ("set — type to replace"); a closed port fails in plain words.
      await item.getByRole('button', { name: format(lang, 'mailboxes.editNamed', { address }) }).click();
      const editForm = page.getByRole('form', { name: format(lang, 'mailboxes.editTitle', { address }) });
      await editForm.getByText(s['mailboxes.passwordSet']!).waitFor();
      const editSmtp = editForm.getByRole('group', { name: s['mailboxes.smtp'] });
      await editSmtp.getByRole('textbox', { name: s['mailboxes.port'] }).fill(String(closedPort));
      await editForm.getByRole('button', { name: s['mailboxes.test'] }).click();
      const refused = format(lang, 'mailboxes.testFailed', {
        side: s['mailboxes.smtp']!,
        reason: format(lang, 'mailboxes.code.connection_refused', { host: '127.0.0.1', port: closedPort }),
      });
      await editForm.getByRole('status').getByText(refused).waitFor();
      await assertAxeClean(page, `mailbox form with a failed test (${lang})`);
      await shoot(page, `mailbox-form-failed-${lang}`);
      await editForm.getByRole('button', { name: s['mailboxes.save'] }).click();
      await page.getByText(s['mailboxes.saved']!).waitFor();

      // From the list: the saved (wrong) port fails the same way.
      await item.getByRole('button', { name: format(lang, 'mailboxes.testNamed', { address }) }).click();
      await item.getByRole('status').getByText(refused).waitFor();
      await assertAxeClean(page, `mailbox list with a failed test (${lang})`);
      await shoot(page, `mailbox-list-${lang}`);

      // The poller's last failure, in words with its time (the poller writes these columns).
      await app.db
        .updateTable('mailboxes')
        .set({ imap_host: 'imap.example.fi', imap_port: 993, imap_user: 'kirjasto', last_error: 'login_failed', last_error_at: new Date() })
        .where('library_id', '=', library.id)
        .execute();
      await page.getByRole('tab', { name: s['settings.general'] }).click();
      await page.getByRole('tab', { name: s['mailboxes.tab'] }).click();
      await item.getByText(s['mailboxes.badge.error']!, { exact: true }).waitFor();
      await item.getByText(s['mailboxes.code.login_failed']!, { exact: false }).waitFor();
      await assertAxeClean(page, `mailbox list with a polling error (${lang})`);

      // Delete, after confirming.
      // By keyboard in Swedish: Enter on Delete, and Enter again on the dialog's confirm button (focused first).
      const deleteButton = item.getByRole('button', { name: format(lang, 'mailboxes.deleteNamed', { address }) });
      if (lang === 'sv') {
        await deleteButton.focus();
        await page.keyboard.press('Enter');
      } else {
        await deleteButton.click();
      }
      const dialog = page.getByRole('alertdialog', { name: format(lang, 'mailboxes.deleteTitle', { address }) });
      await dialog.waitFor();
      await assertAxeClean(page, `mailbox delete confirmation (${lang})`);
      if (lang === 'sv') await page.keyboard.press('Enter');
      else await dialog.getByRole('button', { name: s['mailboxes.delete'] }).click();
      await page.getByText(format(lang, 'mailboxes.deleted', { address })).waitFor();
      await page.getByText(s['mailboxes.empty']!).waitFor();
      assert.equal(await app.db.selectFrom('mailboxes').select('id').where('library_id', '=', library.id).executeTakeFirst(), undefined);
      await context.close();
    });
  }
});
