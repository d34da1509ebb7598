// Email benchmark (issue 9). Four figures, each against a server in its own process
// (email-server.ts) on a fresh database:
//  - ingress: messages per second through the push ingress (parse + thread + store), at a
//    fixed number of requests in flight, with p50/p99 per request and the outcomes;
//  - bareParse: the MIME parser alone on the same mails in this process, the ceiling, and
//    the ratio of each backend's ingress rate to it;
//  - imap: seconds from server start until a Dovecot mailbox of --imap-messages mails is
//    stored;
//  - killAndRestart: push traffic and an IMAP mailbox at once, the server killed with SIGKILL
//    mid-run, started again on the same database, the unanswered mails sent again (as an MTA
//    retries) plus some answered ones; then every Message-ID must be stored exactly once and
//    every thread must be one conversation (email-score.ts).
// Server memory (peak RSS, sampled peak heap) is reported per server process.
// Flags: --messages= --concurrency= --backend=pglite|postgres|all --imap-messages=
//        --kill-messages= --parts=ingress,imap,kill (default all; fewer fails the floor)
//        --quick (small counts, for trying the harness; fails the floor)
// BENCH_PROFILE=1 writes a CPU profile of each server process to /tmp/kanava-prof (not of
// one killed with SIGKILL).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseMail } from '../src/domains/channels/email/parse.js';
import type { DatabaseTarget } from '../src/platform/db/database.js';
import { startDovecot, type Dovecot } from '../test/support/dovecot.js';
import { createTestDatabase } from '../test/support/backends.js';
import { buildCorpus, type CorpusMail } from './email-corpus.js';
import { FLOOR, judge, scoreDurability, type Audit } from './email-score.js';
import { percentile, round } from './lib/stats.js';

type Backend = 'pglite' | 'postgres';

interface Options {
  messages: number;
  concurrency: number;
  backends: Backend[];
  imapMessages: number;
  killMessages: number;
  parts: Part[];
  quick: boolean;
}

const PARTS = ['ingress', 'imap', 'kill'] as const;
type Part = (typeof PARTS)[number];

function parseOptions(args: string[]): Options {
  const quick = args.includes('--quick');
  const get = (name: string, fallback: number) => {
    const raw = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
    return value;
  };
  const backend = args.find((a) => a.startsWith('--backend='))?.split('=')[1] ?? 'all';
  const backends = backend === 'all' ? ['pglite', 'postgres'] : backend.split(',');
  for (const b of backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`unknown backend "${b}"`);
  const parts = (args.find((a) => a.startsWith('--parts='))?.split('=')[1] ?? PARTS.join(',')).split(',');
  for (const p of parts) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`unknown part "${p}"; known: ${PARTS.join(', ')}`);
  return {
    messages: get('messages', quick ? 300 : 5000),
    concurrency: get('concurrency', 16),
    backends: backends as Backend[],
    imapMessages: get('imap-messages', quick ? 300 : 10_000),
    killMessages: get('kill-messages', quick ? 300 : 3000),
    parts: parts as Part[],
    quick,
  };
}

// ---- the server process ----

const INGRESS_SECRET = `bench-${randomBytes(16).toString('hex')}`;
// Fixed for all processes of a run, so a restarted server decrypts the IMAP password.
const SECRET_KEY = randomBytes(32).toString('base64');

/** A fresh database for one run; the same target serves the server after a restart. */
async function freshDatabase(backend: Backend): Promise<{ target: DatabaseTarget; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanava-bench-email-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  if (backend === 'pglite') return { target: { kind: 'pglite', dataDir }, dataDir, drop: async () => remove() };
  const database = await createTestDatabase('postgres');
  if (database.target.kind !== 'postgres') throw new Error('expected a PostgreSQL target');
  return {
    // The pool size production uses, not the test suite's smaller one.
    target: { kind: 'postgres', url: database.target.url },
    dataDir,
    async drop() {
      await database.drop();
      remove();
    },
  };
}

interface Server {
  child: ChildProcess;
  url: string;
  slug: string;
  /** performance.now() when the measured runtime began starting (after any setup). */
  startingAt: number;
}

interface ServerOptions {
  setup: boolean;
  imap?: { host: string; port: number; user: string; password: string; folder: string };
}

function startServer(database: { target: DatabaseTarget; dataDir: string }, options: ServerOptions): Promise<Server> {
  const child = fork(new URL('./email-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/kanava-prof'] : [])],
    env: {
      ...process.env,
      BENCH_DATABASE: JSON.stringify(database.target),
      BENCH_DATA_DIR: database.dataDir,
      BENCH_SETUP: options.setup ? '1' : '0',
      BENCH_SLUG: 'bench-library',
      BENCH_INGRESS_SECRET: INGRESS_SECRET,
      BENCH_SECRET_KEY: SECRET_KEY,
      ...(options.imap ? { BENCH_IMAP: JSON.stringify(options.imap) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let startingAt = Number.NaN;
  return new Promise((resolve, reject) => {
    child.on('message', function onMessage(message: { type: string; url: string; slug: string }) {
      if (message.type === 'starting') startingAt = performance.now();
      if (message.type !== 'ready') return;
      child.off('message', onMessage);
      resolve({ child, url: message.url, slug: message.slug, startingAt });
    });
    child.once('exit', (code, signal) => reject(new Error(`bench server exited while starting (${signal ?? code})`)));
  });
}

function ask<T>(child: ChildProcess, type: string, details: object = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = () => reject(new Error(`bench server exited before answering "${type}"`));
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ type, ...details });
  });
}

/** Incoming mails stored in the bench library, those whose Message-ID starts with `prefix` if given. */
const countMail = async (server: Server, prefix = '') => (await ask<{ mail: number }>(server.child, 'count', { prefix })).mail;

async function stopServer(server: Server) {
  const memory = await ask<{ rssPeakMb: number; heapPeakMb: number; processMaxRssMb: number }>(server.child, 'memory');
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.send({ type: 'stop' });
  await exited;
  return {
    rssPeakMb: round(memory.rssPeakMb, 0),
    heapPeakMb: round(memory.heapPeakMb, 0),
    processMaxRssMb: round(memory.processMaxRssMb, 0),
  };
}

async function killServer(server: Server) {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}

// ---- the push ingress ----

interface Answer {
  /** The ingress outcome, or `http_<status>` / `network_error` when there was none. */
  outcome: string;
  ms: number;
}

function postMail(agent: Agent, server: Server, raw: Buffer): Promise<Answer> {
  const started = performance.now();
  const url = new URL(`/api/v1/ingress/mail?library=${encodeURIComponent(server.slug)}`, server.url);
  return new Promise((resolve) => {
    const done = (outcome: string) => resolve({ outcome, ms: performance.now() - started });
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${INGRESS_SECRET}`, 'content-type': 'message/rfc822', 'content-length': raw.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => done('network_error'));
        res.on('end', () => {
          if (res.statusCode !== 200) return done(`http_${res.statusCode}`);
          try {
            done(String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { outcome: unknown }).outcome));
          } catch {
            done('http_200_unreadable');
          }
        });
      },
    );
    req.on('error', () => done('network_error'));
    req.end(raw);
  });
}

const ANSWERED = new Set(['created', 'appended', 'duplicate', 'auto_reply', 'bounce', 'rejected']);

/**
 * Sends the mails at `indices` with `concurrency` requests in flight. A follow-up waits until
 * the mail it answers has been answered (or failed), as a customer cannot answer a mail
 * before it exists; parents sit up to 200 mails back, so this rarely holds anything up.
 */
interface Traffic {
  /** Filled as answers come in, for a caller watching progress. */
  answers?: Map<number, Answer>;
  /** Sent and not answered yet. */
  inFlight?: Set<number>;
  /** Stop sending (requests in flight still end, with an answer or an error). */
  shouldStop?: () => boolean;
  /** Whether the mail at this position of `indices` may be sent yet: paces the traffic. */
  mayStart?: (position: number) => boolean;
}

async function pushMails(server: Server, mails: CorpusMail[], indices: number[], concurrency: number, traffic: Traffic = {}) {
  const { answers = new Map<number, Answer>(), inFlight = new Set<number>(), shouldStop = () => false, mayStart = () => true } = traffic;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const settled = new Map<number, { promise: Promise<void>; resolve: () => void }>();
  for (const index of indices) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    settled.set(index, { promise, resolve });
  }
  let cursor = 0;
  const worker = async () => {
    while (cursor < indices.length && !shouldStop()) {
      const position = cursor;
      const index = indices[position]!;
      cursor += 1;
      await settled.get(mails[index]!.parent)?.promise;
      while (!mayStart(position) && !shouldStop()) await new Promise((r) => setTimeout(r, 20));
      if (shouldStop()) break;
      inFlight.add(index);
      answers.set(index, await postMail(agent, server, mails[index]!.raw));
      inFlight.delete(index);
      settled.get(index)!.resolve();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Mails never sent (stopped) still settle, so nothing waits on them forever.
  for (const { resolve } of settled.values()) resolve();
  agent.destroy();
  return answers;
}

function tally(answers: Iterable<Answer>): Record<string, number> {
  const outcomes: Record<string, number> = {};
  for (const { outcome } of answers) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  return outcomes;
}

async function runIngress(backend: Backend, mails: CorpusMail[], options: Options) {
  const database = await freshDatabase(backend);
  try {
    const server = await startServer(database, { setup: true });
    const started = performance.now();
    const answers = await pushMails(
      server,
      mails,
      mails.map((_, i) => i),
      options.concurrency,
    );
    const seconds = (performance.now() - started) / 1000;
    const serverMemory = await stopServer(server);
    const latencies = [...answers.values()].map((a) => a.ms).sort((a, b) => a - b);
    const outcomes = tally(answers.values());
    // Every new question opens a conversation and every follow-up joins its thread's.
    const expected = { created: mails.filter((m) => m.parent < 0).length, appended: mails.filter((m) => m.parent >= 0).length };
    return {
      messages: mails.length,
      concurrency: options.concurrency,
      seconds: round(seconds),
      messagesPerSecond: round(mails.length / seconds, 1),
      p50Ms: round(percentile(latencies, 50), 1),
      p99Ms: round(percentile(latencies, 99), 1),
      outcomes,
      expected,
      asExpected: outcomes.created === expected.created && (outcomes.appended ?? 0) === expected.appended,
      serverMemory,
    };
  } finally {
    await database.drop();
  }
}

// ---- the bare parser ----

async function bareParseRate(mails: CorpusMail[]) {
  for (const mail of mails.slice(0, 200)) await parseMail(mail.raw);
  const started = performance.now();
  for (const mail of mails) await parseMail(mail.raw);
  const seconds = (performance.now() - started) / 1000;
  return { messages: mails.length, seconds: round(seconds), messagesPerSecond: round(mails.length / seconds, 1) };
}

// ---- IMAP ----

const IMAP_PASSWORD = 'bench-imap-password';
const imapAccount = (dovecot: Dovecot, user: string) => ({
  host: dovecot.host,
  port: dovecot.port,
  user,
  password: IMAP_PASSWORD,
  folder: 'INBOX',
});

/** Polls the stored count every 250 ms until `target`, or until it stops growing for `stallMs`. */
async function waitForMail(server: Server, target: number, stallMs: number): Promise<{ stored: number; at: number }> {
  let last = -1;
  let lastGrowth = performance.now();
  for (;;) {
    const stored = await countMail(server);
    const at = performance.now();
    if (stored >= target) return { stored, at };
    if (stored !== last) {
      last = stored;
      lastGrowth = at;
    } else if (at - lastGrowth > stallMs) return { stored, at: Number.NaN };
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function runImap(backend: Backend, dovecot: Dovecot, mails: CorpusMail[]) {
  const user = `timing-${backend}`;
  await dovecot.appendMessages(
    user,
    'INBOX',
    mails.map((m) => m.raw),
  );
  const database = await freshDatabase(backend);
  try {
    const server = await startServer(database, { setup: true, imap: imapAccount(dovecot, user) });
    const { stored, at } = await waitForMail(server, mails.length, 30_000);
    const seconds = (at - server.startingAt) / 1000;
    const serverMemory = await stopServer(server);
    return {
      backend,
      messages: mails.length,
      stored,
      seconds: Number.isNaN(seconds) ? null : round(seconds, 1),
      messagesPerSecond: Number.isNaN(seconds) ? null : round(mails.length / seconds, 1),
      serverMemory,
    };
  } finally {
    await database.drop();
  }
}

// ---- kill -9 and restart ----

async function runKillAndRestart(backend: Backend, dovecot: Dovecot, pushed: CorpusMail[], fetched: CorpusMail[], options: Options) {
  const user = `kill-${backend}`;
  await dovecot.appendMessages(
    user,
    'INBOX',
    fetched.map((m) => m.raw),
  );
  const database = await freshDatabase(backend);
  try {
    const imap = imapAccount(dovecot, user);
    const first = await startServer(database, { setup: true, imap });
    // The push traffic keeps pace with IMAP, a little ahead, so both are under way when the
    // server is killed, which is once a third of the mailbox is in (or after two minutes).
    let killed = false;
    let imapStoredAtKill = 0;
    const firstAnswers = new Map<number, Answer>();
    const inFlight = new Set<number>();
    const pushing = pushMails(
      first,
      pushed,
      pushed.map((_, i) => i),
      options.concurrency,
      {
        answers: firstAnswers,
        inFlight,
        shouldStop: () => killed,
        mayStart: (position) => position / pushed.length <= imapStoredAtKill / fetched.length + 0.1,
      },
    );
    const deadline = performance.now() + 120_000;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    while (performance.now() < deadline) {
      await sleep(100);
      imapStoredAtKill = await countMail(first, 'killimap.');
      if (imapStoredAtKill < fetched.length / 3) continue;
      if (imapStoredAtKill >= fetched.length) break;
      // The kill must catch push requests in flight, not the traffic waiting for IMAP.
      const until = performance.now() + 2000;
      while (inFlight.size === 0 && performance.now() < until) await sleep(2);
      if (inFlight.size > 0) break;
    }
    killed = true;
    const inFlightAtKill = inFlight.size;
    await killServer(first);
    await pushing;
    const firstOutcomes = tally(firstAnswers.values());
    const answered = [...firstAnswers].filter(([, a]) => ANSWERED.has(a.outcome)).map(([i]) => i);

    const restartedAt = performance.now();
    const second = await startServer(database, { setup: false });
    const restartSeconds = (performance.now() - restartedAt) / 1000;
    // An MTA retries what it got no answer for; some answered ones go again to prove dedupe.
    const answeredSet = new Set(answered);
    const unanswered = pushed.map((_, i) => i).filter((i) => !answeredSet.has(i));
    const again = answered.filter((_, k) => k % 20 === 0);
    const retryAnswers = await pushMails(second, pushed, unanswered, options.concurrency);
    const againAnswers = await pushMails(second, pushed, again, options.concurrency);
    const { stored: storedAfter } = await waitForMail(second, pushed.length + fetched.length, 30_000);
    const audit = await ask<Audit & { type: string }>(second.child, 'audit');
    const serverMemory = await stopServer(second);
    const score = scoreDurability([...pushed, ...fetched], audit);
    return {
      backend,
      sent: score.sent,
      stored: score.stored,
      duplicates: score.duplicates,
      lost: score.lost,
      // Mid-run: at the kill, push requests were unanswered and the mailbox was not all in.
      // Mid-run: push requests were in flight and the mailbox was partly in when the server died.
      killedMidRun: inFlightAtKill > 0 && imapStoredAtKill > 0 && imapStoredAtKill < fetched.length,
      atKill: {
        imapStored: imapStoredAtKill,
        pushAnswered: answered.length,
        pushInFlight: inFlightAtKill,
        pushUnanswered: unanswered.length,
      },
      firstServerOutcomes: firstOutcomes,
      restartSeconds: round(restartSeconds, 1),
      retried: { messages: unanswered.length, outcomes: tally(retryAnswers.values()) },
      // Each of these was stored before the kill: anything but `duplicate` is a second copy.
      answeredSentAgain: { messages: again.length, outcomes: tally(againAnswers.values()) },
      storedAfterRestart: storedAfter,
      duplicatesBy: score.duplicatesBy,
      lostExamples: score.lostExamples,
      notInConversation: score.notInConversation,
      serverMemory,
    };
  } finally {
    await database.drop();
  }
}

export async function run(args: string[]) {
  const options = parseOptions(args);
  const log = (line: string) => process.stderr.write(`email bench: ${line}\n`);
  log(`building ${options.messages} push, ${options.imapMessages} IMAP and 2×${options.killMessages} kill-test mails…`);
  const pushed = await buildCorpus(options.messages, { prefix: 'push', seed: 1 });
  const has = (part: Part) => options.parts.includes(part);
  const imapMails = has('imap') ? await buildCorpus(options.imapMessages, { prefix: 'imap', seed: 2 }) : [];
  const killPushed = has('kill') ? await buildCorpus(options.killMessages, { prefix: 'killpush', seed: 3 }) : [];
  const killFetched = has('kill') ? await buildCorpus(options.killMessages, { prefix: 'killimap', seed: 4 }) : [];

  log('bare parse…');
  const bareParse = await bareParseRate(pushed);

  const ingress: Record<string, Awaited<ReturnType<typeof runIngress>>> = {};
  for (const backend of options.parts.includes('ingress') ? options.backends : []) {
    log(`ingress on ${backend}: ${options.messages} mails, ${options.concurrency} in flight…`);
    ingress[backend] = await runIngress(backend, pushed, options);
  }

  const users = options.backends.flatMap((b) => [`timing-${b}`, `kill-${b}`]).map((user) => ({ user, password: IMAP_PASSWORD }));
  const imap: Record<string, Awaited<ReturnType<typeof runImap>>> = {};
  const killAndRestart: Record<string, Awaited<ReturnType<typeof runKillAndRestart>>> = {};
  const dovecot = options.parts.some((p) => p !== 'ingress') ? await startDovecot({ users }) : null;
  // Dovecot runs detached: stop it when the benchmark is interrupted, too.
  const interrupted = () => void (dovecot?.cleanup() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    for (const backend of dovecot && options.parts.includes('imap') ? options.backends : []) {
      log(`IMAP on ${backend}: ${options.imapMessages} mails…`);
      imap[backend] = await runImap(backend, dovecot!, imapMails);
    }
    for (const backend of dovecot && options.parts.includes('kill') ? options.backends : []) {
      log(`kill -9 and restart on ${backend}: ${options.killMessages} pushed + ${options.killMessages} by IMAP…`);
      killAndRestart[backend] = await runKillAndRestart(backend, dovecot!, killPushed, killFetched, options);
    }
  } finally {
    await dovecot?.cleanup();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }

  const serverMemory = Object.fromEntries([
    ...Object.entries(ingress).map(([b, r]) => [`ingress.${b}`, r.serverMemory]),
    ...Object.entries(imap).map(([b, r]) => [`imap.${b}`, r.serverMemory]),
    ...Object.entries(killAndRestart).map(([b, r]) => [`killAndRestart.${b}.afterRestart`, r.serverMemory]),
  ]);
  return {
    options,
    floorDefinition: FLOOR,
    ingress,
    bareParse,
    ratios: {
      pgliteToParse: ingress.pglite ? round(ingress.pglite.messagesPerSecond / bareParse.messagesPerSecond, 3) : null,
      postgresToParse: ingress.postgres ? round(ingress.postgres.messagesPerSecond / bareParse.messagesPerSecond, 3) : null,
    },
    imap,
    killAndRestart,
    serverMemory,
    floor: judge({ ingress, imap, killAndRestart }),
  };
}
