// The push ingress: a mail server pipes each incoming message here (`kanava mail ingest`
// does it from Postfix or Exim; docs/email.md). On only when KANAVA_MAIL_INGRESS_SECRET is
// set; the caller proves it holds the secret with `Authorization: Bearer <secret>`, checked
// before a byte of the body is read. The body is the raw message (message/rfc822).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../../platform/errors.js';
import type { App, RouteDeps } from '../../../platform/http/app.js';
import { rateLimitPerMinute } from '../../../platform/http/rate-limit.js';
import { libraryIdBySlug } from '../../libraries/service.js';
import { recordTooLarge } from './ingest.js';
import { mailOutcomes, type MailIngest } from './ingest-outcome.js';

export type IngressRouteDeps = RouteDeps & { mailIngest: MailIngest };

/** A trusted mail server delivers in bursts; the limit only stops a runaway loop. */
const INGRESS_PER_MINUTE = 60_000;
/** Past this many times the size limit the body is not even read to its end: 413. */
const READ_PAST_FACTOR = 4;
const HEAD_BYTES = 64 * 1024;

const ingressQuery = z.object({ library: z.string().min(1).max(100).describe('Slug of the library the mail is for') });
const ingressResult = z.object({
  outcome: z.enum(mailOutcomes).describe('What became of the mail: stored (created, appended), recognised, or rejected'),
  conversationId: z.string().uuid().nullable(),
  messageId: z.string().uuid().nullable(),
  reason: z.string().optional().describe('Why it was rejected or kept out of conversations, a stable code (too_large, mail_loop, …)'),
});

/** What the body parser hands over: the whole mail, or for one over the limit only its head. */
interface ReceivedMail {
  raw: Buffer | null;
  head: Buffer;
  size: number;
  digest: string;
}

export async function mailIngressRoutes(app: App, deps: IngressRouteDeps): Promise<void> {
  const secret = deps.config.mailIngressSecret;
  const maxBytes = deps.config.mailMaxBytes;

  app.addContentTypeParser('message/rfc822', async (_request: FastifyRequest, payload: Readable) => readMail(payload, maxBytes));

  app.post(
    '/ingress/mail',
    {
      config: rateLimitPerMinute(INGRESS_PER_MINUTE),
      onRequest: async (request) => {
        if (!secret) throw new AppError('not_found', { what: 'mail_ingress' });
        if (!bearerMatches(request.headers.authorization, secret)) throw new AppError('unauthenticated', { reason: 'mail_ingress' });
        const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
        if (type !== 'message/rfc822') throw new AppError('unsupported_media_type', { reason: 'mail' });
      },
      schema: {
        tags: ['ingress'],
        operationId: 'ingestMail',
        summary:
          'Hand over one incoming email (raw RFC 5322, Content-Type message/rfc822) with Authorization: Bearer ' +
          '<KANAVA_MAIL_INGRESS_SECRET>. 200 with what became of it; a mail over KANAVA_MAIL_MAX_BYTES is 200 rejected ' +
          'too_large (413 when over four times the limit). 404 when the ingress is off or the library unknown.',
        querystring: ingressQuery,
        response: { 200: ingressResult },
      },
    },
    async (request) => {
      const libraryId = await libraryIdBySlug(deps.database.db, request.query.library);
      const mail = request.body as ReceivedMail | undefined;
      if (!mail || mail.size === 0) throw new AppError('bad_request');
      if (!mail.raw) {
        return recordTooLarge(deps.database, { libraryId, mailboxId: null, head: mail.head, size: mail.size, digest: mail.digest });
      }
      return deps.mailIngest({ libraryId, raw: mail.raw, source: 'push' });
    },
  );
}

function bearerMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  // Hashes of equal length, compared in constant time: neither the secret nor its length leaks.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]!), digest(secret));
}

/**
 * Reads the body, keeping it while it is within the limit; past it, reads on (so the
 * caller gets an answer, not a reset connection) keeping only the head and the hash, up to
 * READ_PAST_FACTOR times the limit.
 */
async function readMail(payload: Readable, maxBytes: number): Promise<ReceivedMail> {
  const hash = createHash('sha256');
  let chunks: Buffer[] = [];
  let head: Buffer | null = null;
  let size = 0;
  for await (const chunk of payload as AsyncIterable<Buffer>) {
    size += chunk.length;
    hash.update(chunk);
    if (size > maxBytes * READ_PAST_FACTOR) {
      throw new AppError('payload_too_large', { limit: `${Math.floor(maxBytes / 1024 / 1024)} MiB` });
    }
    if (head) continue;
    chunks.push(chunk);
    if (size > maxBytes) {
      head = Buffer.concat(chunks).subarray(0, HEAD_BYTES);
      chunks = [];
    }
  }
  if (head) return { raw: null, head, size, digest: hash.digest('hex') };
  const raw = Buffer.concat(chunks, size);
  return { raw, head: raw.subarray(0, HEAD_BYTES), size, digest: hash.digest('hex') };
}
