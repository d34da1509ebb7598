// "Test connection" against real servers on loopback: an smtp-server instance with and without
// sign-in, a closed port, a name that cannot resolve, a port that speaks plain text where TLS
// is expected, and one that never greets.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { testConnections, testImap, testSmtp } from './connection-test.js';
import { startDovecot, type Dovecot } from '../../../../test/support/dovecot.js';

const listen = async (server: net.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

/** A port nobody listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connection test', () => {
  let open: SMTPServer;
  let withAuth: SMTPServer;
  let openPort: number;
  let authPort: number;
  let plainText: net.Server;
  let plainPort: number;
  let silent: net.Server;
  let silentPort: number;
  const sockets = new Set<net.Socket>();

  before(async () => {
    open = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'], logger: false });
    withAuth = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === 'kirjasto' && auth.password === 'oikea salasana') callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
    });
    openPort = await listen(open.server);
    authPort = await listen(withAuth.server);
    plainText = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write('220 plain text here\r\n');
    });
    plainPort = await listen(plainText);
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    silentPort = await listen(silent);
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all([
      new Promise((resolve) => open.close(() => resolve(undefined))),
      new Promise((resolve) => withAuth.close(() => resolve(undefined))),
      new Promise((resolve) => plainText.close(resolve)),
      new Promise((resolve) => silent.close(resolve)),
    ]);
  });

  const smtp = (port: number, extra: Partial<Parameters<typeof testSmtp>[0]> = {}) => ({
    host: '127.0.0.1',
    port,
    security: 'none' as const,
    user: null,
    secret: null,
    ...extra,
  });

  test('SMTP without sign-in: ok', async () => {
    assert.deepEqual(await testSmtp(smtp(openPort)), { ok: true, step: null, code: null });
  });

  test('SMTP with the right password: ok; with a wrong one: login_failed', async () => {
    assert.deepEqual(await testSmtp(smtp(authPort, { user: 'kirjasto', secret: 'oikea salasana' })), { ok: true, step: null, code: null });
    assert.deepEqual(await testSmtp(smtp(authPort, { user: 'kirjasto', secret: 'väärä' })), {
      ok: false,
      step: 'login',
      code: 'login_failed',
    });
  });

  test('a user without a password is said so before connecting', async () => {
    assert.deepEqual(await testSmtp(smtp(authPort, { user: 'kirjasto' })), { ok: false, step: 'login', code: 'password_missing' });
  });

  test('a closed port: connection_refused', async () => {
    assert.deepEqual(await testSmtp(smtp(await closedPort())), { ok: false, step: 'connect', code: 'connection_refused' });
  });

  test('a name that does not resolve: dns_not_found', async () => {
    assert.deepEqual(await testSmtp(smtp(25, { host: 'nonexistent.invalid' })), { ok: false, step: 'dns', code: 'dns_not_found' });
  });

  test('TLS expected, plain text spoken: tls_failed', async () => {
    assert.deepEqual(await testSmtp(smtp(plainPort, { security: 'tls' })), { ok: false, step: 'tls', code: 'tls_failed' });
    assert.deepEqual(await testSmtp(smtp(openPort, { security: 'tls' })), { ok: false, step: 'tls', code: 'tls_failed' });
  });

  test('STARTTLS required but not offered: starttls_unsupported', async () => {
    assert.deepEqual(await testSmtp(smtp(openPort, { security: 'starttls' })), { ok: false, step: 'tls', code: 'starttls_unsupported' });
  });

  test('a server that never greets: timeout, within the limit', async () => {
    const started = Date.now();
    assert.deepEqual(await testSmtp(smtp(silentPort), { timeoutMs: 300 }), { ok: false, step: 'connect', code: 'timeout' });
    assert.ok(Date.now() - started < 3000);
  });

  test('IMAP: a closed port, an unknown name, plain text where TLS is expected', async () => {
    const imap = { host: '127.0.0.1', security: 'none' as const, user: 'kirjasto', secret: 'salasana', folder: 'INBOX' };
    assert.deepEqual(await testImap({ ...imap, port: await closedPort() }), { ok: false, step: 'connect', code: 'connection_refused' });
    assert.deepEqual(await testImap({ ...imap, host: 'nonexistent.invalid', port: 143 }), {
      ok: false,
      step: 'dns',
      code: 'dns_not_found',
    });
    assert.deepEqual(await testImap({ ...imap, port: plainPort, security: 'tls' }), { ok: false, step: 'tls', code: 'tls_failed' });
    assert.deepEqual(await testImap({ ...imap, port: silentPort }, { timeoutMs: 300 }), { ok: false, step: 'connect', code: 'timeout' });
  });

  test('both sides at once; a side without settings is null', async () => {
    assert.deepEqual(await testConnections({ imap: null, smtp: smtp(openPort) }), {
      imap: null,
      smtp: { ok: true, step: null, code: null },
    });
  });
});

describe('connection test against Dovecot', () => {
  let dovecot: Dovecot;
  before(async () => {
    dovecot = await startDovecot({ users: [{ user: 'kirjasto', password: 'imap-salasana' }] });
    await dovecot.createFolder('kirjasto', 'Saapuneet');
  });
  after(async () => {
    await dovecot?.cleanup();
  });

  const imap = (extra: Partial<Parameters<typeof testImap>[0]> = {}) => ({
    host: dovecot.host,
    port: dovecot.port,
    security: 'none' as const,
    user: 'kirjasto',
    secret: 'imap-salasana',
    folder: 'INBOX',
    ...extra,
  });

  test('signs in and opens the folder read-only', async () => {
    assert.deepEqual(await testImap(imap()), { ok: true, step: null, code: null });
    assert.deepEqual(await testImap(imap({ folder: 'Saapuneet' })), { ok: true, step: null, code: null });
  });

  test('a wrong password: login_failed; no password: password_missing', async () => {
    assert.deepEqual(await testImap(imap({ secret: 'väärä' })), { ok: false, step: 'login', code: 'login_failed' });
    assert.deepEqual(await testImap(imap({ user: 'tuntematon' })), { ok: false, step: 'login', code: 'login_failed' });
    assert.deepEqual(await testImap(imap({ secret: null })), { ok: false, step: 'login', code: 'password_missing' });
  });

  test('a folder the server does not have: folder_not_found', async () => {
    assert.deepEqual(await testImap(imap({ folder: 'Arkisto' })), { ok: false, step: 'folder', code: 'folder_not_found' });
  });

  test('a self-signed certificate is refused: tls_certificate', async (t) => {
    if (!dovecot.tlsPort) return t.skip('no openssl: Dovecot runs without TLS');
    assert.deepEqual(await testImap(imap({ port: dovecot.tlsPort, security: 'tls' })), { ok: false, step: 'tls', code: 'tls_certificate' });
    assert.deepEqual(await testImap(imap({ security: 'starttls' })), { ok: false, step: 'tls', code: 'tls_certificate' });
  });
});
