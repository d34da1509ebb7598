// What went wrong talking to a mailbox's IMAP server, as the stable code stored in
// `mailboxes.last_error` and shown to admins. Never the exception text: server answers and
// socket errors can quote addresses and user names.
export const imapErrorCodes = [
  'dns_not_found',
  'connection_refused',
  'timeout',
  'tls_failed',
  'login_failed',
  'folder_not_found',
  'connection_lost',
  // The ingest threw (the database is down, say): nothing was advanced, the mail is fetched again.
  'ingest_failed',
] as const;
export type ImapErrorCode = (typeof imapErrorCodes)[number];

/** Thrown by the poller itself for failures it recognises before imapflow would. */
export class ImapPollError extends Error {
  constructor(readonly code: ImapErrorCode) {
    super(code);
    this.name = 'ImapPollError';
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_|ERR_OSSL_)/;

export function imapErrorCode(error: unknown): ImapErrorCode {
  if (error instanceof ImapPollError) return error.code;
  const e = (error && typeof error === 'object' ? error : {}) as {
    code?: unknown;
    tlsFailed?: unknown;
    authenticationFailed?: unknown;
    serverResponseCode?: unknown;
    mailboxMissing?: unknown;
    cause?: unknown;
  };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_NODATA') return 'dns_not_found';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (e.tlsFailed === true || TLS_CODES.test(code)) return 'tls_failed';
  if (e.authenticationFailed === true || e.serverResponseCode === 'AUTHENTICATIONFAILED') return 'login_failed';
  if (e.mailboxMissing === true || e.serverResponseCode === 'NONEXISTENT') return 'folder_not_found';
  if (['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT'].includes(code)) return 'timeout';
  if (e.cause && e.cause !== error) {
    const inner = imapErrorCode(e.cause);
    if (inner !== 'connection_lost') return inner;
  }
  return 'connection_lost';
}
