// `kanava mail ingest --library <slug> [--url <base>]`: what a mail server runs for each
// incoming message (a Postfix pipe transport, an Exim pipe; docs/email.md). Reads the raw
// message on stdin, hands it to the running server's push ingress, prints the answer on one
// line, and exits with a code the mail server understands (sysexits.h):
//   0  stored or recognised (created, appended, duplicate, auto_reply, bounce);
//  65  EX_DATAERR: the message itself was refused (rejected, too large, not a mail) — the
//      mail server bounces it to the sender;
//  75  EX_TEMPFAIL: not handed over now (server unreachable, timeout, 429, 5xx, or a
//      configuration fault: no secret, wrong secret, ingress off, unknown library) — the
//      mail server keeps it queued and retries, so no mail is lost while it is fixed.
import { parseOptions, withUsage } from './usage.js';

export const EX_OK = 0;
export const EX_DATAERR = 65;
export const EX_TEMPFAIL = 75;

const ingestUsage = `Usage: kanava mail ingest --library <slug> [--url <base>] [--timeout <seconds>]
Reads one email (RFC 5322) on stdin and hands it to the running Kanava server.
  --library  slug of the library the mail is for
  --url      base address of the server (default http://127.0.0.1:$PORT, PORT default 8080)
  --timeout  seconds to wait for the server (default 60)
Environment: KANAVA_MAIL_INGRESS_SECRET (the server's ingress secret).
Exit codes: 0 stored or recognised, 65 refused (the mail server bounces it), 75 try again later.
`;

const summary = `Usage: kanava mail <command> [options]
  ingest  hand one email on stdin to the running server (kanava mail ingest --help)
`;

/** Answers that mean the message itself is refused; any other 4xx is a fault of the set-up. */
const REFUSED_STATUSES = new Set([400, 413, 415]);

export async function mailCommand(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'ingest') return mailIngestCommand(rest);
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${summary}\n${ingestUsage}`);
    return 0;
  }
  process.stderr.write(`kanava mail: ${name === undefined ? 'which command?' : `unknown command "${name}"`}\n\n${summary}`);
  return 2;
}

async function mailIngestCommand(argv: string[]): Promise<number> {
  return withUsage('mail ingest', async () => {
    const values = parseOptions(argv, {
      library: { type: 'string' },
      url: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      process.stdout.write(ingestUsage);
      return 0;
    }
    if (!values.library) {
      process.stderr.write(`kanava mail ingest: --library is required\n${ingestUsage}`);
      return 2;
    }
    const secret = process.env.KANAVA_MAIL_INGRESS_SECRET;
    if (!secret) {
      process.stderr.write('kanava mail ingest: KANAVA_MAIL_INGRESS_SECRET is not set; the mail stays queued (exit 75)\n');
      return EX_TEMPFAIL;
    }
    const timeoutSeconds = values.timeout ? Number(values.timeout) : 60;
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
      process.stderr.write('kanava mail ingest: --timeout must be a positive number of seconds\n');
      return 2;
    }
    const base = (values.url ?? `http://127.0.0.1:${process.env.PORT || '8080'}`).replace(/\/+$/, '');
    const raw = await readStdin();
    const url = `${base}/api/v1/ingress/mail?library=${encodeURIComponent(values.library)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
        body: raw,
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
      });
    } catch (error) {
      const why = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      process.stderr.write(`kanava mail ingest: the server at ${base} ${why}; the mail stays queued (exit 75)\n`);
      return EX_TEMPFAIL;
    }
    const text = await response.text().catch(() => '');
    if (response.status === 200) {
      const answer = parseAnswer(text);
      process.stdout.write(`${JSON.stringify(answer ?? text)}\n`);
      return answer?.outcome === 'rejected' ? EX_DATAERR : answer ? EX_OK : EX_TEMPFAIL;
    }
    process.stdout.write(`${oneLine(text)}\n`);
    const refused = REFUSED_STATUSES.has(response.status);
    process.stderr.write(
      `kanava mail ingest: the server answered ${response.status}; ${refused ? 'the mail is refused (exit 65)' : 'the mail stays queued (exit 75)'}\n`,
    );
    return refused ? EX_DATAERR : EX_TEMPFAIL;
  });
}

function parseAnswer(text: string): { outcome: string } | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && typeof (value as { outcome?: unknown }).outcome === 'string'
      ? (value as { outcome: string })
      : null;
  } catch {
    return null;
  }
}

function oneLine(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify({ error: text.slice(0, 500) });
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
