// Raw emails for the ingest tests, written the way mail clients write them (CRLF, RFC 2047
// encoded headers, quoted-printable UTF-8 bodies, base64 attachments).
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.js';

export interface MailSpec {
  from?: string | null;
  to?: string;
  cc?: string;
  subject?: string;
  body?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export const newMessageId = (domain = 'client.example'): string => `${randomBytes(8).toString('hex')}@${domain}`;

/** A header value in RFC 2047 when it is not plain ASCII. */
function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

export function rawMail(spec: MailSpec = {}): Buffer {
  const lines: string[] = [];
  if (spec.from !== null) lines.push(`From: ${spec.from ?? 'Asiakas <asiakas@example.fi>'}`);
  lines.push(`To: ${spec.to ?? 'kirjasto@library.example'}`);
  if (spec.cc) lines.push(`Cc: ${spec.cc}`);
  lines.push(`Subject: ${encodeWord(spec.subject ?? 'Kysymys')}`);
  lines.push('Date: Sat, 28 Nov 2026 12:00:00 +0200');
  if (spec.messageId !== null) lines.push(`Message-ID: <${spec.messageId ?? newMessageId()}>`);
  if (spec.inReplyTo) lines.push(`In-Reply-To: <${spec.inReplyTo}>`);
  if (spec.references?.length) lines.push(`References: ${spec.references.map((id) => `<${id}>`).join(' ')}`);
  for (const [name, value] of Object.entries(spec.headers ?? {})) lines.push(`${name}: ${value}`);
  lines.push('MIME-Version: 1.0');
  const body = Buffer.from(spec.body ?? 'Hei!', 'utf8').toString('base64');
  if (!spec.attachments?.length) {
    lines.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', body);
  } else {
    const boundary = `b-${randomBytes(6).toString('hex')}`;
    lines.push(`Content-Type: multipart/mixed; boundary="${boundary}"`, '');
    lines.push(`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', body);
    for (const file of spec.attachments) {
      lines.push(
        `--${boundary}`,
        `Content-Type: ${file.contentType}; name="${encodeWord(file.filename)}"`,
        `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'Content-Transfer-Encoding: base64',
        '',
        file.content.toString('base64'),
      );
    }
    lines.push(`--${boundary}--`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

export const INGRESS_SECRET = 'test-ingress-secret-0123456789';

export interface IngestAnswer {
  outcome: string;
  conversationId: string | null;
  messageId: string | null;
  reason?: string;
}

/** POSTs a raw mail to the push ingress as a mail server would. */
export function pushMail(app: TestApp, slug: string, raw: Buffer, secret = INGRESS_SECRET): Promise<Response> {
  return app.request(`/api/v1/ingress/mail?library=${encodeURIComponent(slug)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
    body: raw,
  });
}

/** POSTs a raw mail and returns the 200 answer (fails on anything else). */
export async function ingest(app: TestApp, slug: string, spec: MailSpec | Buffer): Promise<IngestAnswer> {
  const response = await pushMail(app, slug, Buffer.isBuffer(spec) ? spec : rawMail(spec));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`ingress answered ${response.status}: ${text}`);
  return JSON.parse(text) as IngestAnswer;
}
