// The server side of the email benchmark, in its own process so its memory is measured alone
// and so it can be killed with SIGKILL and started again on the same database. Kanava with
// the push ingress on, the mail worker polling every second; talks to the benchmark over IPC.
//
// Environment (set by email.ts): BENCH_DATABASE = JSON DatabaseTarget; BENCH_SETUP=1 makes the
// library and its mailbox first (BENCH_IMAP = JSON {host, port, user, password, folder} gives
// the mailbox an IMAP account), BENCH_SLUG names the library; BENCH_INGRESS_SECRET,
// BENCH_SECRET_KEY and BENCH_DATA_DIR are the server's own settings, the same after a restart.
import { sql, type RawBuilder } from 'kysely';
import { loadConfig } from '../src/platform/config.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';
import { startRuntime, type Runtime } from '../src/server/runtime.js';
import { buildLibrary } from '../test/support/factories.js';
import { BENCH_MAILBOX } from './email-corpus.js';

interface ImapAccount {
  host: string;
  port: number;
  user: string;
  password: string;
  folder: string;
}

const target = JSON.parse(process.env.BENCH_DATABASE ?? '') as DatabaseTarget;
const slug = process.env.BENCH_SLUG ?? 'bench';
const imap = process.env.BENCH_IMAP ? (JSON.parse(process.env.BENCH_IMAP) as ImapAccount) : null;
const send = (message: unknown) => process.send?.(message);

// Peaks while serving, sampled every 100 ms from the moment the server is ready; getrusage's
// maxrss is reported besides, as it also covers start-up (migrations, a setup runtime).
let serving = false;
let heapPeak = 0;
let rssPeak = 0;
const sampleMemory = () => {
  if (!serving) return;
  const { heapUsed, rss } = process.memoryUsage();
  heapPeak = Math.max(heapPeak, heapUsed);
  rssPeak = Math.max(rssPeak, rss);
};
setInterval(sampleMemory, 100).unref();

const config = (worker: boolean) =>
  loadConfig({
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    KANAVA_DATA_DIR: process.env.BENCH_DATA_DIR,
    KANAVA_SECRET_KEY: process.env.BENCH_SECRET_KEY,
    KANAVA_MAIL_INGRESS_SECRET: process.env.BENCH_INGRESS_SECRET,
    KANAVA_MAIL_POLL_INTERVAL: '1',
    KANAVA_MAIL_WORKER: worker ? '1' : '0',
    KANAVA_PUBLIC_RATE_LIMIT: '10000000',
    KANAVA_SEED_DEMO: '0',
  });

/** The library and its mailbox, made with the mail worker off so polling starts with the measured server. */
async function setUp() {
  const runtime = await startRuntime(config(false), target);
  try {
    const library = await buildLibrary(runtime.database.db, { slug });
    await runtime.database.db
      .insertInto('mailboxes')
      .values({
        library_id: library.id,
        address: BENCH_MAILBOX,
        display_name: JSON.stringify({ fi: 'Kirjasto', sv: 'Biblioteket', en: 'The library' }),
        ...(imap
          ? {
              imap_host: imap.host,
              imap_port: imap.port,
              imap_security: 'none' as const,
              imap_user: imap.user,
              imap_secret: runtime.secrets.encrypt(imap.password),
              imap_folder: imap.folder,
            }
          : {}),
      })
      .execute();
  } finally {
    await runtime.close();
  }
}

async function libraryId(runtime: Runtime): Promise<string> {
  const row = await runtime.database.db.selectFrom('libraries').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return row.id;
}

async function countMail(runtime: Runtime, library: string, prefix: string): Promise<number> {
  let query = runtime.database.db
    .selectFrom('mail_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('library_id', '=', library)
    .where('direction', '=', 'in');
  if (prefix) query = query.where('header_message_id', 'like', `${prefix}%`);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Everything the benchmark needs to count duplicates and losses; the judging is in email-score.ts. */
async function audit(runtime: Runtime, library: string) {
  const db = runtime.database.db;
  const mail = await db
    .selectFrom('mail_messages')
    .select(['header_message_id', 'conversation_id', 'message_id', 'outcome'])
    .where('library_id', '=', library)
    .where('direction', '=', 'in')
    .execute();
  const count = async (query: RawBuilder<{ n: string | number }>) => Number((await query.execute(db)).rows[0]?.n ?? 0);
  return {
    mail: mail.map((row) => [row.header_message_id, row.conversation_id, row.message_id, row.outcome]),
    // The same text twice in one conversation: one mail stored as two messages.
    repeatedMessages: await count(sql`SELECT coalesce(sum(n - 1), 0) AS n FROM (
        SELECT count(*) AS n FROM messages WHERE library_id = ${library} AND kind = 'customer'
        GROUP BY conversation_id, body HAVING count(*) > 1) AS repeated`),
    customerMessages: await count(sql`SELECT count(*) AS n FROM messages WHERE library_id = ${library} AND kind = 'customer'`),
    // A message without its mail row: the one-transaction rule was broken.
    messagesWithoutMail: await count(sql`SELECT count(*) AS n FROM messages m WHERE m.library_id = ${library} AND m.kind = 'customer'
        AND NOT EXISTS (SELECT 1 FROM mail_messages mm WHERE mm.message_id = m.id)`),
    conversations: await count(sql`SELECT count(*) AS n FROM conversations WHERE library_id = ${library}`),
  };
}

if (process.env.BENCH_SETUP === '1') await setUp();
send({ type: 'starting' });
const runtime = await startRuntime(config(true), target);
const library = await libraryId(runtime);
const url = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
serving = true;
sampleMemory();
send({ type: 'ready', url, slug });

process.on('message', (message: { type: string; prefix?: string }) => {
  void (async () => {
    if (message.type === 'count') {
      send({ type: 'count', mail: await countMail(runtime, library, message.prefix ?? '') });
    } else if (message.type === 'memory') {
      sampleMemory();
      send({
        type: 'memory',
        rssPeakMb: rssPeak / 2 ** 20,
        heapPeakMb: heapPeak / 2 ** 20,
        processMaxRssMb: process.resourceUsage().maxRSS / 1024,
      });
    } else if (message.type === 'audit') {
      send({ type: 'audit', ...(await audit(runtime, library)) });
    } else if (message.type === 'stop') {
      await runtime.close();
      process.exit(0);
    }
  })();
});
