// Chat benchmark: N customer sockets and M staff sockets on one library; customers send at
// a steady total rate; every message must be stored, acknowledged and delivered to every
// staff socket. The same harness then drives a bare WebSocket relay (no persistence, no
// auth) as the ceiling, scored by the same rules (chat-score.ts): the rate delivered at the
// staff sockets, unacknowledged, lost and duplicated by message identity, and the floor's
// verdict with the conditions that failed.
// Flags: --customers= --staff= --rate= --duration= --backend=pglite|postgres|bare|all
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { ChatLedger, FLOOR, judge } from './chat-score.js';
import { round } from './lib/stats.js';

// After sending stops, how long the last messages may take to arrive before they count as lost.
const DRAIN_MS = 10_000;

interface Options {
  customers: number;
  staff: number;
  rate: number;
  duration: number;
  backends: string[];
}

function parseOptions(args: string[]): Options {
  const get = (name: string, fallback: number) => {
    const raw = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const backend = args.find((a) => a.startsWith('--backend='))?.split('=')[1] ?? 'all';
  return {
    customers: get('customers', 2000),
    staff: get('staff', 50),
    rate: get('rate', 500),
    duration: get('duration', 60),
    backends: backend === 'all' ? ['pglite', 'postgres', 'bare'] : backend.split(','),
  };
}

interface Ready {
  url: string;
  slug: string;
  staff: { email: string; password: string }[];
}

function startServer(mode: string, staff: number): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(new URL('./chat-server.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/kanava-prof'] : [])],
    env: { ...process.env, BENCH_SERVER: mode, BENCH_STAFF: String(staff) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: Ready & { type: string }) => resolve({ child, ready: message }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send({ type });
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map((item, i) => work(item, start + i)))));
  }
  return results;
}

/** CPU milliseconds used so far by the server process (all its threads) and by this process. */
async function cpuSnapshot(child: ChildProcess) {
  const { cpuMs } = await ask<{ cpuMs: number }>(child, 'stats');
  const { user, system } = process.cpuUsage();
  return { at: performance.now(), server: cpuMs, loadGenerator: (user + system) / 1000 };
}

async function runOne(mode: string, options: Options) {
  const { child, ready } = await startServer(mode, options.staff);
  const ws = ready.url.replace(/^http/, 'ws');
  const bare = mode === 'bare';
  const setupStarted = performance.now();

  // Customers: start a chat each, then connect and say hello.
  const customers = await inBatches(Array.from({ length: options.customers }), 50, async () => {
    if (bare) {
      const socket = await openSocket(`${ws}/customer`);
      return socket;
    }
    const response = await fetch(`${ready.url}/api/v1/public/libraries/${ready.slug}/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'fi' }),
    });
    const chat = (await response.json()) as { conversationId: string; customerToken: string };
    const socket = await openSocket(`${ws}/api/v1/public/chat/ws`);
    await new Promise<void>((resolve) => {
      socket.on('message', function onReady(data) {
        if ((JSON.parse(String(data)) as { type: string }).type !== 'ready') return;
        socket.off('message', onReady);
        resolve();
      });
      socket.send(JSON.stringify({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 }));
    });
    return socket;
  });

  // Every figure comes from the ledger, by message identity; see chat-score.ts.
  const ledger = new ChatLedger(options.staff);
  let staffErrors = 0;
  let customerErrors = 0;
  let closedDuringRun = 0;
  let running = true;

  const staffSockets = await inBatches(Array.from({ length: options.staff }), 10, async (_, index) => {
    let socket: WebSocket;
    if (bare) socket = await openSocket(`${ws}/staff`);
    else {
      const account = ready.staff[index]!;
      const login = await fetch(`${ready.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(account),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      socket = await openSocket(`${ws}/api/v1/ws`, { cookie });
    }
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data)) as { type: string; message?: { kind: string; clientId: string | null } };
      if (frame.type === 'error') staffErrors += 1;
      if (frame.type !== 'message' || frame.message?.kind !== 'customer' || !frame.message.clientId) return;
      ledger.received(index, frame.message.clientId, at);
    });
    return socket;
  });
  customers.forEach((socket, index) => {
    socket.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data)) as { type: string; clientId?: string; code?: string };
      if (frame.type === 'ack' && frame.clientId) ledger.acked(frame.clientId, index, at);
      else if (frame.type === 'error') {
        if (frame.clientId) ledger.rejected(frame.clientId, index, frame.code ?? 'unknown');
        else customerErrors += 1;
      }
    });
  });
  // A socket the server closes mid-run shows up as lost or unacknowledged messages; this says why.
  for (const socket of [...customers, ...staffSockets]) {
    socket.on('close', () => {
      if (running) closedDuringRun += 1;
    });
  }
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const countBefore = (await ask<{ messages: number }>(child, 'count')).messages;
  const cpuBefore = await cpuSnapshot(child);

  // Paced sending: every 10 ms, the share of the rate due by now, round-robin over customers.
  const started = performance.now();
  let sent = 0;
  let next = 0;
  const rssSamples: number[] = [];
  const eluSamples: number[] = [];
  const sampler = setInterval(() => {
    void ask<{ rssMb: number; eventLoopUtilization: number }>(child, 'stats').then((s) => {
      rssSamples.push(s.rssMb);
      eluSamples.push(s.eventLoopUtilization);
    });
  }, 1000);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(Math.floor(elapsed * options.rate), options.rate * options.duration);
      while (sent < due) {
        const socket = customers[next]!;
        const clientId = randomUUID();
        ledger.sent(clientId, next, performance.now());
        socket.send(JSON.stringify({ type: 'send', clientId, body: `bench ${clientId}` }));
        next = (next + 1) % customers.length;
        sent += 1;
      }
      if (elapsed >= options.duration) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const sendEnded = performance.now();
  // Let the last messages arrive and be acknowledged; whatever has not by then is lost or unacknowledged.
  const drainDeadline = sendEnded + DRAIN_MS;
  while (performance.now() < drainDeadline && !ledger.settled()) {
    await new Promise((r) => setTimeout(r, 100));
  }
  clearInterval(sampler);
  const cpuAfter = await cpuSnapshot(child);
  const cpuWallMs = cpuAfter.at - cpuBefore.at;
  const stored = (await ask<{ messages: number }>(child, 'count')).messages - countBefore;
  running = false;
  const score = ledger.score({ start: started, end: sendEnded });

  for (const socket of [...customers, ...staffSockets]) socket.terminate();
  child.send({ type: 'stop' });
  await new Promise((resolve) => child.once('exit', resolve));

  const connections = { customers: customers.length, staff: staffSockets.length };
  return {
    connections,
    setupSeconds: round(setupSeconds, 1),
    ...score,
    // A total, for information: whether each message was stored once shows at the staff sockets.
    messagesStored: bare ? null : stored,
    closedDuringRun,
    errorFrames: { staff: staffErrors, customerWithoutClientId: customerErrors },
    // The same rules as the floor, at this run's own flags: did the server keep up with what it was offered?
    atOfferedLoad: judge(connections, score, {
      ...FLOOR,
      customers: options.customers,
      staff: options.staff,
      rate: options.rate,
      durationSeconds: options.duration,
    }),
    serverRssMb: { max: round(Math.max(...rssSamples), 0), last: round(rssSamples.at(-1) ?? Number.NaN, 0) },
    serverEventLoopUtilization: round(eluSamples.reduce((a, b) => a + b, 0) / Math.max(1, eluSamples.length), 3),
    // CPU from the first message sent until delivery ended: cores in use on average, and per message.
    serverCpu: {
      cores: round((cpuAfter.server - cpuBefore.server) / cpuWallMs),
      msPerMessage: round((cpuAfter.server - cpuBefore.server) / Math.max(1, sent)),
    },
    loadGeneratorCpuCores: round((cpuAfter.loadGenerator - cpuBefore.loadGenerator) / cpuWallMs),
  };
}

export async function run(args: string[]) {
  const options = parseOptions(args);
  const results: Record<string, Awaited<ReturnType<typeof runOne>>> = {};
  for (const backend of options.backends) {
    process.stderr.write(
      `chat bench: ${backend} with ${options.customers} customers, ${options.staff} staff, ${options.rate} msg/s for ${options.duration} s…\n`,
    );
    results[backend] = await runOne(backend, options);
  }
  const bare = results.bare;
  const ratios = Object.fromEntries(
    Object.entries(results)
      .filter(([name]) => name !== 'bare' && bare)
      .map(([name, r]) => [
        name,
        {
          p50: round(r.latencyMs.p50 / bare!.latencyMs.p50),
          p99: round(r.latencyMs.p99 / bare!.latencyMs.p99),
          deliveredPerSecond: round(r.rate.deliveredToEveryStaffPerSecond / bare!.rate.deliveredToEveryStaffPerSecond),
        },
      ]),
  );
  // The bare relay is held to the same floor: if the ceiling fails it, the machine or the
  // load generator is the limit, not the server.
  const floor = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, judge(r.connections, r, FLOOR)]));
  return { options: { ...options }, floorDefinition: FLOOR, results, ratiosOursOverBare: ratios, floor };
}
