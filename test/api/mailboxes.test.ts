// Mailboxes as admins manage them: validation at the edge, admins only, one address per
// library, If-Match, write-only passwords stored encrypted (never in answers, the audit log or
// the server's log), and "test connection" against a real SMTP server on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';
import { LogCapture } from '../support/log.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import type { ConnectionTestResult, MailboxView } from '../../src/contract/mailboxes.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { reason?: string; issues?: { path: string; message: string }[] } };
}

const IMAP_PASSWORD = 'imap-salasana-3f9c';
const SMTP_PASSWORD = 'smtp-lösenord-71ab';

for (const backend of testBackends()) {
  describe(`mailboxes [${backend}]`, () => {
    let app: TestApp;
    let admin: TestAccount;
    let adminCookie: string;
    let staffCookie: string;
    let supervisorCookie: string;
    let libraryId: string;
    let smtp: SMTPServer;
    let smtpPort: number;
    let dovecot: Dovecot;
    const log = new LogCapture();

    before(async () => {
      app = await startTestApp(backend, {}, { log });
      const library = await buildLibrary(app.db);
      libraryId = library.id;
      admin = await buildAccount(app.db, library, { role: 'admin' });
      adminCookie = await app.signIn(admin);
      staffCookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      supervisorCookie = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
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
      dovecot = await startDovecot({ users: [{ user: 'kirjasto', password: IMAP_PASSWORD }] });
    });
    after(async () => {
      await dovecot?.cleanup();
      await new Promise((resolve) => smtp.close(() => resolve(undefined)));
      await app.close();
    });

    const send = (method: string, path: string, json?: unknown, cookie = adminCookie, headers: Record<string, string> = {}) =>
      app.request(`/api/v1${path}`, { method, cookie, headers, ...(json !== undefined ? { json } : {}) });

    const valid = (address: string) => ({
      address,
      displayName: { fi: 'Pääkirjasto', sv: 'Huvudbiblioteket' },
      signature: { fi: 'Ystävällisin terveisin\nPääkirjasto' },
      imap: { host: 'imap.example.fi', port: 993, security: 'tls', user: 'kirjasto', folder: 'Saapuneet' },
      smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', user: 'kirjasto' },
      imapPassword: IMAP_PASSWORD,
      smtpPassword: SMTP_PASSWORD,
    });

    async function create(address: string): Promise<MailboxView> {
      const response = await send('POST', '/mailboxes', valid(address));
      assert.equal(response.status, 201, await response.clone().text());
      return (await response.json()) as MailboxView;
    }

    const issuesOf = async (response: Response) => {
      assert.equal(response.status, 400);
      const body = (await response.json()) as ErrorBody;
      assert.equal(body.error.code, 'validation_failed');
      return body.error.details?.issues ?? [];
    };

    test('an admin creates a mailbox; the answer says only whether passwords are set', async () => {
      const mailbox = await create('Asiakaspalvelu@Example.fi');
      assert.equal(mailbox.address, 'Asiakaspalvelu@Example.fi');
      assert.deepEqual(mailbox.displayName, { fi: 'Pääkirjasto', sv: 'Huvudbiblioteket' });
      assert.deepEqual(mailbox.imap, { host: 'imap.example.fi', port: 993, security: 'tls', user: 'kirjasto', folder: 'Saapuneet' });
      assert.equal(mailbox.imapPasswordSet, true);
      assert.equal(mailbox.smtpPasswordSet, true);
      assert.equal(mailbox.receiptEnabled, false);
      assert.equal(mailbox.lastSuccessAt, null);
      assert.equal(mailbox.version, 1);
      const listed = (await (await send('GET', '/mailboxes')).json()) as { items: MailboxView[] };
      assert.deepEqual(
        listed.items.map((m) => m.id),
        [mailbox.id],
      );
      const one = await send('GET', `/mailboxes/${mailbox.id}`);
      assert.deepEqual(await one.json(), mailbox);
    });

    test('passwords are stored encrypted and appear in no answer, audit entry or log line', async () => {
      const mark = log.mark();
      const mailbox = await create('salaisuus@example.fi');
      const row = await app.db.selectFrom('mailboxes').selectAll().where('id', '=', mailbox.id).executeTakeFirstOrThrow();
      assert.ok(row.imap_secret && row.smtp_secret);
      assert.ok(!row.imap_secret.includes(IMAP_PASSWORD) && !row.smtp_secret.includes(SMTP_PASSWORD));
      assert.equal(app.runtime.secrets.decrypt(row.imap_secret), IMAP_PASSWORD);
      assert.equal(app.runtime.secrets.decrypt(row.smtp_secret), SMTP_PASSWORD);
      const answers = [
        await (await send('GET', '/mailboxes')).text(),
        await (await send('GET', `/mailboxes/${mailbox.id}`)).text(),
        await (await send('PATCH', `/mailboxes/${mailbox.id}`, { smtpPassword: SMTP_PASSWORD, active: false })).text(),
        await (await send('GET', '/audit')).text(),
        // A refusal must not echo the password either.
        await (
          await send('PATCH', `/mailboxes/${mailbox.id}`, {
            smtpPassword: SMTP_PASSWORD,
            smtp: { host: 'mail.example.fi', port: 25, security: 'none' },
          })
        ).text(),
        await (await send('POST', '/mailboxes', { ...valid('salaisuus@example.fi') })).text(),
        await (await send('POST', '/mailboxes', { ...valid('x@example.fi'), smtpPassword: 7 })).text(),
      ];
      for (const text of answers) {
        assert.ok(!text.includes(IMAP_PASSWORD) && !text.includes(SMTP_PASSWORD) && !text.includes(row.smtp_secret), text.slice(0, 300));
      }
      const audit = await app.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', mailbox.id).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['mailbox.created', 'mailbox.updated']);
      const logged = JSON.stringify(log.since(mark));
      assert.ok(!logged.includes(IMAP_PASSWORD) && !logged.includes(SMTP_PASSWORD), 'a password reached the log');
    });

    test('a password: a string sets it, null clears it, left out keeps it', async () => {
      const mailbox = await create('vaihto@example.fi');
      const patch = async (body: unknown) => (await (await send('PATCH', `/mailboxes/${mailbox.id}`, body)).json()) as MailboxView;
      assert.equal((await patch({ active: false })).imapPasswordSet, true);
      const cleared = await patch({ imapPassword: null });
      assert.equal(cleared.imapPasswordSet, false);
      assert.equal(cleared.smtpPasswordSet, true);
      const row = await app.db.selectFrom('mailboxes').select(['imap_secret']).where('id', '=', mailbox.id).executeTakeFirstOrThrow();
      assert.equal(row.imap_secret, null);
      assert.equal((await patch({ imapPassword: 'uusi' })).imapPasswordSet, true);
      // Removing a side removes its password.
      const noImap = await patch({ imap: null });
      assert.equal(noImap.imap, null);
      assert.equal(noImap.imapPasswordSet, false);
    });

    test('moving a side to another server or user needs the password again', async () => {
      const mailbox = await create('siirto@example.fi');
      const moved = await send('PATCH', `/mailboxes/${mailbox.id}`, {
        imap: { host: 'evil.example.com', port: 993, security: 'tls', user: 'kirjasto' },
      });
      const issues = await issuesOf(moved);
      assert.deepEqual(
        issues.map((i) => i.path),
        ['body.imapPassword'],
      );
      const withPassword = await send('PATCH', `/mailboxes/${mailbox.id}`, {
        imap: { host: 'imap2.example.fi', port: 993, security: 'tls', user: 'kirjasto' },
        imapPassword: 'uusi salasana',
      });
      assert.equal(withPassword.status, 200);
      // Same host and user (another port): the stored password stays.
      const samePlace = await send('PATCH', `/mailboxes/${mailbox.id}`, {
        imap: { host: 'imap2.example.fi', port: 143, security: 'starttls', user: 'kirjasto' },
      });
      assert.equal(((await samePlace.json()) as MailboxView).imapPasswordSet, true);
    });

    test('validation: bad address, bad port, no encryption towards a remote host, unknown fields', async () => {
      const base = valid('validointi@example.fi');
      const cases: [unknown, string][] = [
        [{ ...base, address: 'not an address' }, 'body.address'],
        [{ ...base, smtp: { ...base.smtp, port: 70000 } }, 'body.smtp.port'],
        [{ ...base, smtp: { ...base.smtp, port: 0 } }, 'body.smtp.port'],
        [{ ...base, imap: { ...base.imap, host: 'mail example.fi' } }, 'body.imap.host'],
        [{ ...base, imap: { ...base.imap, security: 'none' } }, 'body.imap.security'],
        [{ ...base, smtp: { ...base.smtp, host: 'smtp.example.fi' } }, 'body.smtp.security'],
        [{ ...base, displayName: { fi: 'Rivi\nvaihto' } }, 'body.displayName.fi'],
        [{ ...base, displayName: { de: 'Bibliothek' } }, 'body.displayName'],
        [{ ...base, signature: { fi: 'x'.repeat(2001) } }, 'body.signature.fi'],
        [{ ...base, receiptEnabled: true }, 'body.receiptText'],
        [{ ...base, imapSecret: 'x' }, 'body'],
      ];
      for (const [body, path] of cases) {
        const response = await send('POST', '/mailboxes', body);
        const issues = await issuesOf(response);
        assert.ok(
          issues.some((i) => i.path === path),
          `${JSON.stringify(body).slice(0, 200)}: ${JSON.stringify(issues)}`,
        );
      }
      const none = await issuesOf(
        await send('POST', '/mailboxes', { ...base, smtp: { ...base.smtp, host: 'smtp.example.fi' } }, adminCookie, {
          'accept-language': 'en',
        }),
      );
      assert.match(none.find((i) => i.path === 'body.smtp.security')!.message, /localhost/);
      const sv = await issuesOf(
        await send('POST', '/mailboxes', { ...base, receiptEnabled: true }, adminCookie, { 'accept-language': 'sv' }),
      );
      assert.match(sv.find((i) => i.path === 'body.receiptText')!.message, /kvittensen/);
      // Loopback names may go without encryption; a receipt with a text may be switched on.
      const ok = await send('POST', '/mailboxes', {
        ...base,
        smtp: { ...base.smtp, host: 'localhost' },
        receiptEnabled: true,
        receiptText: { sv: 'Tack för ditt meddelande!' },
      });
      assert.equal(ok.status, 201);
      const patchedOff = await send('PATCH', `/mailboxes/${((await ok.json()) as MailboxView).id}`, { receiptText: { fi: '  ' } });
      assert.deepEqual(
        (await issuesOf(patchedOff)).map((i) => i.path),
        ['body.receiptText'],
      );
      assert.equal((await send('PATCH', `/mailboxes/${randomId()}`, {})).status, 400);
    });

    test('one address per library, case-insensitively: 409 with a message that says so', async () => {
      const first = await create('kaksi@example.fi');
      const again = await send('POST', '/mailboxes', valid('KAKSI@example.FI'), adminCookie, { 'accept-language': 'en' });
      assert.equal(again.status, 409);
      const body = (await again.json()) as ErrorBody;
      assert.equal(body.error.details?.reason, 'mailbox_address_taken');
      assert.match(body.error.message, /already has a mailbox with the address KAKSI@example\.FI/);
      const other = await create('kolme@example.fi');
      const renamed = await send('PATCH', `/mailboxes/${other.id}`, { address: 'Kaksi@Example.fi' });
      assert.equal(renamed.status, 409);
      // Its own address in another case is no conflict.
      assert.equal((await send('PATCH', `/mailboxes/${first.id}`, { address: 'Kaksi@example.fi' })).status, 200);
    });

    test('If-Match: a save over someone else’s is refused with 409', async () => {
      const mailbox = await create('versio@example.fi');
      const first = await send('PATCH', `/mailboxes/${mailbox.id}`, { active: false }, adminCookie, { 'if-match': `"${mailbox.version}"` });
      assert.equal(first.status, 200);
      assert.equal(((await first.json()) as MailboxView).version, mailbox.version + 1);
      const stale = await send('PATCH', `/mailboxes/${mailbox.id}`, { active: true }, adminCookie, { 'if-match': `"${mailbox.version}"` });
      assert.equal(stale.status, 409);
      assert.equal(((await stale.json()) as ErrorBody).error.details?.reason, 'mailbox_changed');
    });

    test('staff and supervisors get 403 on every mailbox route', async () => {
      const mailbox = await create('kielletty@example.fi');
      for (const cookie of [staffCookie, supervisorCookie]) {
        const calls: [string, string, unknown?][] = [
          ['GET', '/mailboxes'],
          ['POST', '/mailboxes', valid('toinen@example.fi')],
          ['GET', `/mailboxes/${mailbox.id}`],
          ['PATCH', `/mailboxes/${mailbox.id}`, { active: false }],
          ['DELETE', `/mailboxes/${mailbox.id}`],
          ['POST', `/mailboxes/${mailbox.id}/test`],
          ['POST', '/mailboxes/test', { smtp: valid('x@example.fi').smtp }],
        ];
        for (const [method, path, body] of calls) assert.equal((await send(method, path, body, cookie)).status, 403, `${method} ${path}`);
      }
    });

    test('delete: 204, then 404; audited with the address', async () => {
      const mailbox = await create('poisto@example.fi');
      assert.equal((await send('DELETE', `/mailboxes/${mailbox.id}`)).status, 204);
      assert.equal((await send('GET', `/mailboxes/${mailbox.id}`)).status, 404);
      assert.equal((await send('DELETE', `/mailboxes/${mailbox.id}`)).status, 404);
      const entry = await app.db
        .selectFrom('audit_log')
        .select(['details', 'actor_account_id', 'library_id'])
        .where('target_id', '=', mailbox.id)
        .where('action', '=', 'mailbox.deleted')
        .executeTakeFirstOrThrow();
      assert.deepEqual(entry.details, { address: 'poisto@example.fi' });
      assert.equal(entry.actor_account_id, admin.id);
      assert.equal(entry.library_id, libraryId);
    });

    test('test connection of saved settings: SMTP signs in with the stored password; a wrong one fails at login', async () => {
      const mailbox = await create('testi@example.fi');
      const patched = await send('PATCH', `/mailboxes/${mailbox.id}`, { imap: null });
      assert.equal(patched.status, 200);
      const good = (await (await send('POST', `/mailboxes/${mailbox.id}/test`)).json()) as ConnectionTestResult;
      assert.deepEqual(good, { imap: null, smtp: { ok: true, step: null, code: null } });
      await send('PATCH', `/mailboxes/${mailbox.id}`, { smtpPassword: 'väärä' });
      const bad = (await (await send('POST', `/mailboxes/${mailbox.id}/test`)).json()) as ConnectionTestResult;
      assert.deepEqual(bad.smtp, { ok: false, step: 'login', code: 'login_failed' });
    });

    test('test connection of saved settings: IMAP signs in to Dovecot and opens the folder, or says which step failed', async () => {
      const created = await send('POST', '/mailboxes', {
        ...valid('imap-testi@example.fi'),
        imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: 'kirjasto', folder: 'INBOX' },
      });
      const mailbox = (await created.json()) as MailboxView;
      const result = async () => ((await (await send('POST', `/mailboxes/${mailbox.id}/test`)).json()) as ConnectionTestResult).imap;
      assert.deepEqual(await result(), { ok: true, step: null, code: null });
      await send('PATCH', `/mailboxes/${mailbox.id}`, {
        imap: { host: dovecot.host, port: dovecot.port, security: 'none', user: 'kirjasto', folder: 'Saapuneet' },
      });
      assert.deepEqual(await result(), { ok: false, step: 'folder', code: 'folder_not_found' });
      await send('PATCH', `/mailboxes/${mailbox.id}`, { imapPassword: 'väärä' });
      assert.deepEqual(await result(), { ok: false, step: 'login', code: 'login_failed' });
    });

    test('test connection of unsaved settings: the stored password only for the same host and user', async () => {
      const mailbox = await create('lomake@example.fi');
      const test = async (body: unknown) => {
        const response = await send('POST', '/mailboxes/test', body);
        assert.equal(response.status, 200, await response.clone().text());
        return ((await response.json()) as ConnectionTestResult).smtp;
      };
      const smtpSettings = valid('x@example.fi').smtp;
      assert.deepEqual(await test({ mailboxId: mailbox.id, smtp: smtpSettings }), { ok: true, step: null, code: null });
      assert.deepEqual(await test({ smtp: smtpSettings, smtpPassword: SMTP_PASSWORD }), { ok: true, step: null, code: null });
      // Another user name: the stored password is not sent.
      assert.deepEqual(await test({ mailboxId: mailbox.id, smtp: { ...smtpSettings, user: 'joku' } }), {
        ok: false,
        step: 'login',
        code: 'password_missing',
      });
      assert.deepEqual(await test({ smtp: { ...smtpSettings, host: 'nonexistent.invalid', security: 'tls' } }), {
        ok: false,
        step: 'dns',
        code: 'dns_not_found',
      });
      const remote = await send('POST', '/mailboxes/test', { smtp: { ...smtpSettings, host: 'smtp.example.fi' }, smtpPassword: 'x' });
      assert.deepEqual(
        (await issuesOf(remote)).map((i) => i.path),
        ['body.smtp.security'],
      );
      assert.equal((await send('POST', '/mailboxes/test', { mailboxId: randomId(), smtp: smtpSettings })).status, 404);
    });

    // Last: it spends this client's budget of connection tests.
    test('connection tests are limited per client (they reach hosts and ports the caller names)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const response = await send('POST', '/mailboxes/test', { smtp: { host: '127.0.0.1', port: 1, security: 'none' } });
        statuses.push(response.status);
        await response.body?.cancel();
      }
      assert.ok(statuses.includes(429), statuses.join(','));
      assert.equal(statuses[0], 200);
    });
  });
}

function randomId(): string {
  return crypto.randomUUID();
}
