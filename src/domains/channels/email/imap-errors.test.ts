// What staff see of an IMAP failure: a stable code from the error imapflow or the socket gave,
// with a text in every staff language.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ImapPollError, imapErrorCode, imapErrorCodes } from './imap-errors.js';

const withCode = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error('socket said something'), { code, ...extra });

describe('IMAP error codes', () => {
  it('names socket, TLS, login and folder failures', () => {
    assert.equal(imapErrorCode(withCode('ENOTFOUND')), 'dns_not_found');
    assert.equal(imapErrorCode(withCode('EAI_AGAIN')), 'dns_not_found');
    assert.equal(imapErrorCode(withCode('ECONNREFUSED')), 'connection_refused');
    assert.equal(imapErrorCode(withCode('CONNECT_TIMEOUT')), 'timeout');
    assert.equal(imapErrorCode(withCode('ETIMEOUT')), 'timeout');
    assert.equal(imapErrorCode(withCode('DEPTH_ZERO_SELF_SIGNED_CERT')), 'tls_failed');
    assert.equal(imapErrorCode(withCode('ERR_SSL_WRONG_VERSION_NUMBER')), 'tls_failed');
    assert.equal(imapErrorCode(Object.assign(new Error('x'), { tlsFailed: true })), 'tls_failed');
    assert.equal(imapErrorCode(Object.assign(new Error('x'), { authenticationFailed: true })), 'login_failed');
    assert.equal(imapErrorCode(Object.assign(new Error('x'), { serverResponseCode: 'NONEXISTENT' })), 'folder_not_found');
    assert.equal(imapErrorCode(Object.assign(new Error('x'), { mailboxMissing: true })), 'folder_not_found');
    assert.equal(imapErrorCode(new Error('x', { cause: withCode('ECONNREFUSED') })), 'connection_refused');
    assert.equal(imapErrorCode(new ImapPollError('ingest_failed')), 'ingest_failed');
  });

  it('calls anything else a lost connection', () => {
    assert.equal(imapErrorCode(withCode('NoConnection')), 'connection_lost');
    assert.equal(imapErrorCode(withCode('ECONNRESET')), 'connection_lost');
    assert.equal(imapErrorCode('a string'), 'connection_lost');
    assert.equal(imapErrorCode(null), 'connection_lost');
  });

  it('fits the stored column and has a text in every staff language', () => {
    for (const code of imapErrorCodes) assert.match(code, /^[a-z][a-z0-9_]{0,63}$/);
    for (const lang of ['fi', 'sv', 'en']) {
      const catalogue = JSON.parse(readFileSync(new URL(`../../../i18n/${lang}/staff.json`, import.meta.url), 'utf8')) as Record<
        string,
        string
      >;
      for (const code of imapErrorCodes) assert.ok(catalogue[`mailboxes.status.${code}`], `${lang}: mailboxes.status.${code}`);
    }
  });
});
