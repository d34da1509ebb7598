// Browser test of an email reply in the staff app (Finnish): the reply box says where the
// reply is mailed, a refused reply reads as such with the reason, and "Try again" (pressed
// from the keyboard) sends it, the state following live.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { receiveInbound } from '../../src/domains/channels/inbound.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

const staffFi = JSON.parse(readFileSync(new URL('../../src/i18n/fi/staff.json', import.meta.url), 'utf8')) as Record<string, string>;
const format = (key: string, values: Record<string, string>) => String(new IntlMessageFormat(staffFi[key]!, 'fi').format(values));

describe('email replies in the staff app (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let sink: SmtpSink;
  let staff: TestAccount;
  let libraryId: string;

  before(async () => {
    ensureFrontEndsBuilt();
    sink = await SmtpSink.start();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000', KANAVA_MAIL_WORKER: '1' });
    const library = await buildLibrary(app.db);
    libraryId = library.id;
    staff = await buildAccount(app.db, library, { displayName: 'Aino' });
    await app.db.insertInto('mailboxes').values(sink.sendingMailbox(library.id, 'kirjasto@kirjasto.example')).execute();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await sink?.close();
  });

  test('a refused reply says why, and Try again from the keyboard sends it', async () => {
    const { conversationId } = await receiveInbound(
      { db: app.db, bus: app.runtime.bus },
      {
        libraryId,
        channel: 'email',
        customer: { name: 'Åke Asiakas', email: 'ake@asiakas.example', language: 'fi' },
        language: 'fi',
        subject: 'Kirjan varaus',
        body: 'Voinko varata kirjan?',
      },
    );
    sink.answer = 550;
    const cookie = await app.signIn(staff);
    const replied = await app.request(`/api/v1/conversations/${conversationId}/messages`, {
      json: { body: 'Voit, varaus on tehty.' },
      cookie,
    });
    assert.equal(replied.status, 201);

    const context = await browser.newContext({ locale: 'fi-FI' });
    const page = await context.newPage();
    try {
      await page.goto(`${app.baseUrl}/app/`);
      await page.getByLabel(staffFi['signIn.email']!).fill(staff.email);
      await page.getByLabel(staffFi['signIn.password']!).fill(staff.password);
      await page.getByRole('button', { name: staffFi['signIn.submit'] }).click();
      await page.getByText(staffFi['live.connected']!).waitFor();
      await page.goto(`${app.baseUrl}/app/#/c/${conversationId}`);

      // The address is isolated from the sentence around it (bidi marks), as every name is.
      const fate = (await page.locator('#reply-fate').innerText()).replace(/[\u2066-\u2069]/g, '');
      assert.equal(fate, format('emailReply.fate', { address: 'ake@asiakas.example' }));
      const refused = format('delivery.failed', { reason: format('delivery.reason', { code: 'smtp_rejected' }) });
      const timeline = page.getByRole('list', { name: staffFi['conversation.timeline'] });
      await timeline.getByText(refused).waitFor();
      await assertAxeClean(page, 'email conversation with a failed reply');

      sink.answer = 'accept';
      const retry = timeline.getByRole('button', { name: staffFi['delivery.retry'] });
      await retry.focus();
      await page.keyboard.press('Enter');
      await timeline.getByText(staffFi['delivery.sent']!).waitFor();
      assert.equal(await retry.count(), 0, 'nothing to try again once sent');
      assert.equal(sink.mails.length, 1);
    } finally {
      await context.close();
    }
  });
});
