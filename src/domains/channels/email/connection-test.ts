// "Test connection": can Kanava reach a mailbox's IMAP and SMTP servers with its settings? Each
// side runs its steps in order (name lookup, connect, TLS, sign in, and for IMAP opening the
// folder read-only) and reports the first that failed as a stable code, so the staff app can
// say in plain words what to fix. Exception texts never leave this file: they can hold
// addresses and server banners, and the password must not end up in a log line.
import { lookup } from 'node:dns/promises';
import { ImapFlow } from 'imapflow';
import type { ConnectionCode, ConnectionSideResult, ConnectionStep, ConnectionTestResult } from '../../../contract/mailboxes.js';
import type { ServerSettings } from './mailbox-settings.js';
import { createSmtpTransport } from './smtp-transport.js';

/** Long enough for a slow server's greeting, short enough for an admin waiting on the button. */
export const CONNECTION_TEST_TIMEOUT_MS = 10_000;

export interface ConnectionTestOptions {
  timeoutMs?: number;
}

export type ImapTarget = ServerSettings & { folder: string };

const OK: ConnectionSideResult = { ok: true, step: null, code: null };
const failed = (step: ConnectionStep, code: ConnectionCode): ConnectionSideResult => ({ ok: false, step, code });

class Timeout extends Error {}

/** Rejects with Timeout after `ms`; the work itself is left to be cleaned up by its caller. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Timeout()), ms);
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

/** The name lookup on its own, so "no such server" is told apart from "server said no". */
async function resolves(host: string, timeoutMs: number): Promise<ConnectionSideResult | null> {
  try {
    await within(timeoutMs, lookup(host));
    return null;
  } catch (error) {
    if (error instanceof Timeout) return failed('dns', 'timeout');
    const code = (error as { code?: unknown }).code;
    return failed('dns', code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA' ? 'dns_not_found' : 'dns_failed');
  }
}

const CERTIFICATE = /certificate|CERT_|unable to verify|altname|hostname\/ip does not match/i;
const TLS = /SSL|TLS|wrong version number|handshake/i;

interface ErrorFacts {
  code?: unknown;
  command?: unknown;
  responseCode?: unknown;
  message?: unknown;
  authenticationFailed?: unknown;
  tlsFailed?: unknown;
  mailboxMissing?: unknown;
  _err?: unknown;
  cause?: unknown;
}

/** The failure in a socket-level error (refused, unreachable, TLS), looking into wrapped causes. */
function socketFailure(error: ErrorFacts): ConnectionSideResult | null {
  for (let current: ErrorFacts | undefined = error, depth = 0; current && depth < 4; depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    const message = typeof current.message === 'string' ? current.message : '';
    if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) return failed('connect', 'connection_refused');
    if (['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'].includes(code)) return failed('connect', 'unreachable');
    if (code === 'ENOTFOUND' || code === 'EDNS') return failed('dns', 'dns_not_found');
    // Node's certificate codes: DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID…
    const certificate = CERTIFICATE.test(message) || /CERT/.test(code);
    if (certificate || current.tlsFailed === true || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || TLS.test(message)) {
      return failed('tls', certificate ? 'tls_certificate' : 'tls_failed');
    }
    if (['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT'].includes(code)) {
      return failed(code === 'UPGRADE_TIMEOUT' ? 'tls' : 'connect', 'timeout');
    }
    current = (current._err ?? current.cause) as ErrorFacts | undefined;
  }
  return null;
}

function smtpFailure(error: unknown): ConnectionSideResult {
  if (error instanceof Timeout) return failed('connect', 'timeout');
  const facts = (error ?? {}) as ErrorFacts;
  if (facts.code === 'EAUTH') return failed('login', 'login_failed');
  if (facts.code === 'ETLS') {
    // The server refused or did not offer STARTTLS: a setting to change, not a broken handshake.
    const message = typeof facts.message === 'string' ? facts.message : '';
    const refused = typeof facts.responseCode === 'number' && facts.responseCode >= 400;
    if (refused || /not (advertised|supported|available)/i.test(message)) return failed('tls', 'starttls_unsupported');
    return failed('tls', CERTIFICATE.test(message) ? 'tls_certificate' : 'tls_failed');
  }
  return (
    socketFailure(facts) ??
    (facts.code === 'EPROTOCOL' || facts.code === 'EENVELOPE' ? failed('connect', 'protocol_error') : failed('connect', 'unknown'))
  );
}

/** SMTP: connect with the configured security and sign in when a user is set (EHLO, STARTTLS, AUTH). */
export async function testSmtp(target: ServerSettings, options: ConnectionTestOptions = {}): Promise<ConnectionSideResult> {
  const timeoutMs = options.timeoutMs ?? CONNECTION_TEST_TIMEOUT_MS;
  const dns = await resolves(target.host, timeoutMs);
  if (dns) return dns;
  if (target.user && !target.secret) return failed('login', 'password_missing');
  const transport = createSmtpTransport(target, timeoutMs);
  try {
    await within(timeoutMs + 1000, transport.verify());
    return OK;
  } catch (error) {
    return smtpFailure(error);
  } finally {
    transport.close();
  }
}

function imapFailure(error: unknown, signedIn: boolean): ConnectionSideResult {
  if (error instanceof Timeout) return failed(signedIn ? 'folder' : 'connect', 'timeout');
  const facts = (error ?? {}) as ErrorFacts;
  if (signedIn) return failed('folder', facts.mailboxMissing === true || typeof facts.code !== 'string' ? 'folder_not_found' : 'unknown');
  if (facts.authenticationFailed === true) return failed('login', 'login_failed');
  if (facts.code === 'MissingServerExtension' || (typeof facts.message === 'string' && /STARTTLS/i.test(facts.message))) {
    return failed('tls', 'starttls_unsupported');
  }
  return (
    socketFailure(facts) ??
    failed('connect', facts.code === 'InvalidResponse' || String(facts.code).startsWith('Parser') ? 'protocol_error' : 'unknown')
  );
}

/** IMAP: connect with the configured security, sign in, open the folder read-only, sign out. */
export async function testImap(target: ImapTarget, options: ConnectionTestOptions = {}): Promise<ConnectionSideResult> {
  const timeoutMs = options.timeoutMs ?? CONNECTION_TEST_TIMEOUT_MS;
  const dns = await resolves(target.host, timeoutMs);
  if (dns) return dns;
  if (!target.secret) return failed('login', 'password_missing');
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.security === 'tls',
    // starttls: refuse to go on in clear when the server does not offer it; none: never upgrade.
    doSTARTTLS: target.security === 'starttls' ? true : target.security === 'none' ? false : undefined,
    auth: { user: target.user ?? '', pass: target.secret },
    logger: false,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableAutoIdle: true,
  });
  // A socket error after connect() has settled must not become an unhandled 'error' event.
  client.on('error', () => undefined);
  let signedIn = false;
  try {
    await within(timeoutMs + 1000, client.connect());
    signedIn = true;
    await within(timeoutMs, client.mailboxOpen(target.folder, { readOnly: true }));
    await within(timeoutMs, client.logout()).catch(() => undefined);
    return OK;
  } catch (error) {
    return imapFailure(error, signedIn);
  } finally {
    client.close();
  }
}

/** Both sides at once (an admin waits for the slower one, not the sum); a side not configured is null. */
export async function testConnections(
  settings: { imap: ImapTarget | null; smtp: ServerSettings | null },
  options: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const [imap, smtp] = await Promise.all([
    settings.imap ? testImap(settings.imap, options) : null,
    settings.smtp ? testSmtp(settings.smtp, options) : null,
  ]);
  return { imap, smtp };
}
