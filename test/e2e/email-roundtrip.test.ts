// The email channel end to end in Chromium, in Finnish and Swedish: a customer's mail with an
// attachment arrives through the push ingress, staff find it in the inbox and download the
// attachment, reply from the reply box, the reply leaves through a real SMTP server, and the
// customer's answer to it (their client keeps In-Reply-To) lands in the same conversation,
// live on the staff member's screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { INGRESS_SECRET, ingest, newMessageId } from '../support/raw-mail.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { assertAxeClean, ensureFrontEndsBuilt, launchBrowser } from './support/browser.js';

type Catalogue = Record<string, string>;
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../src/i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Catalogue;

const mails = {
  fi: {
    from: 'Matti Meikäläinen <matti.meikalainen@asiakas.example>',
    subject: 'Lainojen uusiminen',
    body: 'Hei! Voisitteko uusia lainani? Kuitti liitteenä.',
    file: 'lainakuitti-äö.pdf',
    reply: 'Hei Matti, lainasi on uusittu. Uusi eräpäivä on 19.12.',
    answer: 'Kiitos paljon, tämä auttoi!',
  },
  sv: {
    from: 'Åsa Öberg <asa.oberg@kund.example>',
    subject: 'Förnyelse av lån',
    body: 'Hej! Kan ni förnya mina lån? Kvittot bifogas.',
    file: 'lånekvitto.pdf',
    reply: 'Hej Åsa, dina lån är förnyade. Nytt förfallodatum är 19.12.',
    answer: 'Tack så mycket, det hjälpte!',
  },
} as const;

describe('an email conversation end to end (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let sink: SmtpSink;
  let staff: TestAccount;
  let slug: string;

  before(async () => {
    ensureFrontEndsBuilt();
    sink = await SmtpSink.start();
    app = await startTestApp('pglite', { KANAVA_LOGIN_RATE_LIMIT: '1000', KANAVA_MAIL_INGRESS_SECRET: INGRESS_SECRET });
    const library = await buildLibrary(app.db);
    slug = library.slug;
    staff = await buildAccount(app.db, library, { displayName: 'Aino' });
    await app.db
      .insertInto('mailboxes')
      .values({
        ...sink.sendingMailbox(library.id, 'kirjasto@kirjasto.example'),
        display_name: JSON.stringify({ fi: 'Kaupunginkirjasto', sv: 'Stadsbiblioteket' }),
      })
      .execute();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await sink?.close();
  });

  for (const lang of ['fi', 'sv'] as const) {
    test(`mail in with an attachment, reply out, the answer threads back (${lang})`, async () => {
      const c = load(lang);
      const mail = mails[lang];
      const pdf = Buffer.from(`%PDF-1.4 ${lang} kuitti\n%%EOF\n`);
      const firstId = newMessageId('asiakas.example');
      const arrived = await ingest(app, slug, {
        from: mail.from,
        to: 'kirjasto@kirjasto.example',
        subject: mail.subject,
        body: mail.body,
        messageId: firstId,
        headers: { 'Content-Language': lang },
        attachments: [{ filename: mail.file, contentType: 'application/pdf', content: pdf }],
      });
      assert.equal(arrived.outcome, 'created');

      const context = await browser.newContext({ locale: lang === 'fi' ? 'fi-FI' : 'sv-FI', acceptDownloads: true });
      const page = await context.newPage();
      try {
        await page.goto(`${app.baseUrl}/app/`);
        await page.getByLabel(c['signIn.email']!).fill(staff.email);
        await page.getByLabel(c['signIn.password']!).fill(staff.password);
        await page.getByRole('button', { name: c['signIn.submit'] }).click();
        await page.getByText(c['live.connected']!).waitFor();

        // Found in the inbox by its subject, opened, read with its attachment.
        await page.getByText(mail.subject).first().click();
        const timeline = page.getByRole('list', { name: c['conversation.timeline'] });
        await timeline.getByText(mail.body).waitFor();
        const link = timeline.getByRole('link', { name: new RegExp(mail.file.replace('.', '\\.')) });
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        assert.equal(download.suggestedFilename(), mail.file);
        assert.deepEqual(readFileSync((await download.path())!), pdf);
        await assertAxeClean(page, `email conversation (${lang})`);

        // The reply goes out through SMTP, threaded to the customer's mail.
        const before = sink.mails.length;
        await page.getByLabel(c['reply.label']!).fill(mail.reply);
        await page.getByRole('button', { name: c['reply.send'] }).click();
        await timeline.getByText(c['delivery.sent']!).waitFor({ timeout: 15_000 });
        assert.equal(sink.mails.length, before + 1);
        const sent = sink.mails.at(-1)!;
        assert.equal(sent.parsed.text?.split('\n-- ')[0]?.trim(), mail.reply);
        assert.equal(sent.parsed.inReplyTo, `<${firstId}>`);
        assert.deepEqual(sent.envelopeTo, [mail.from.replace(/^.*<|>$/g, '')]);

        // The customer's client answers: a new mail naming our reply, sent to our reply address.
        const answered = await ingest(app, slug, {
          from: mail.from,
          to: sent.parsed.replyTo!.value[0]!.address!,
          subject: `${lang === 'fi' ? 'VS' : 'SV'}: ${sent.parsed.subject}`,
          body: `${mail.answer}\n\n> ${mail.reply}`,
          inReplyTo: sent.parsed.messageId!.replace(/^<|>$/g, ''),
          references: [firstId, sent.parsed.messageId!.replace(/^<|>$/g, '')],
        });
        assert.equal(answered.outcome, 'appended');
        assert.equal(answered.conversationId, arrived.conversationId);
        await timeline.getByText(mail.answer).waitFor();
        const threads = await app.db
          .selectFrom('conversations as c')
          .innerJoin('customers as k', 'k.id', 'c.customer_id')
          .select('c.id')
          .where('k.email', '=', mail.from.replace(/^.*<|>$/g, ''))
          .execute();
        assert.deepEqual(
          threads.map((t) => t.id),
          [arrived.conversationId],
          'one conversation for the whole exchange',
        );
      } finally {
        await context.close();
      }
    });
  }
});
