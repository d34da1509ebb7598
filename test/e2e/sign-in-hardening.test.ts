// The staff app tells people, in their language, how long to wait after too many sign-in
// attempts, and why a new password was refused; axe checks both screens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser } from 'playwright-core';
import { emailKey } from '../../src/domains/accounts/throttle.js';
import { t } from '../../src/platform/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Catalogue;
const staff = { fi: load('fi'), sv: load('sv') };

describe('sign-in hardening in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let library: Awaited<ReturnType<typeof buildLibrary>>;

  before(async () => {
    ensureFrontEndsBuilt();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000' });
    library = await buildLibrary(app.db);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  test('after too many attempts the sign-in form says how long to wait, and rests its button', async () => {
    const account = await buildAccount(app.db, library);
    // Fourteen failures in a row have made the address wait ten minutes.
    await app.db
      .insertInto('sign_in_throttle')
      .values({
        email_hash: emailKey(account.email),
        failures: 14,
        last_failed_at: new Date(),
        blocked_until: new Date(Date.now() + 600_000),
      })
      .execute();
    for (const lang of ['fi', 'sv'] as const) {
      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-FI' });
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/app/`);
      const catalogue = staff[lang];
      await page.getByLabel(catalogue['signIn.email']!).fill(account.email);
      await page.getByLabel(catalogue['signIn.password']!).fill(account.password);
      const submit = page.getByRole('button', { name: catalogue['signIn.submit'] });
      await submit.click();
      const expected = String(new IntlMessageFormat(catalogue['signIn.waitMinutes']!, lang).format({ minutes: 10 }));
      await page.getByRole('alert').filter({ hasText: expected }).waitFor();
      assert.equal(await submit.isDisabled(), true, 'the button rests during the wait');
      await assertAxeClean(page, `sign-in wait ${lang}`);
      await context.close();
    }
  });

  test('a new password that is easy to guess is refused with the reason, in the person’s language', async () => {
    const account = await buildAccount(app.db, library);
    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    const catalogue = staff.fi;
    await page.goto(`${app.baseUrl}/app/`);
    await page.getByLabel(catalogue['signIn.email']!).fill(account.email);
    await page.getByLabel(catalogue['signIn.password']!).fill(account.password);
    await page.getByRole('button', { name: catalogue['signIn.submit'] }).click();
    await page.getByText(catalogue['live.connected']!).waitFor();
    await page.goto(`${app.baseUrl}/app/#/password`);
    await page.getByLabel(catalogue['password.current']!).fill(account.password);
    await page.getByLabel(catalogue['password.new']!).fill('qwertyuiop');
    await page.getByRole('button', { name: catalogue['password.save'] }).click();
    const reason = t('fi', 'validation.password_common');
    const expected = `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;
    await page.getByRole('alert').filter({ hasText: expected }).waitFor();
    assert.equal((await page.getByRole('alert').innerText()).trim(), expected, 'the reason alone, without the field’s technical name');
    await assertAxeClean(page, 'password refused fi');
    await context.close();
  });
});
