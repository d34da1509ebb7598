// The server side of the chat benchmark, in its own process so its memory and event loop
// are measured alone: Kanava on a fresh database (`kanava`) or a bare WebSocket relay
// without persistence or auth (`bare`). Talks to the load generator over IPC.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadConfig } from '../src/platform/config.js';
import { startRuntime } from '../src/server/runtime.js';
import { createTestDatabase } from '../test/support/backends.js';
import { buildAccount, buildLibrary } from '../test/support/factories.js';

const mode = process.env.BENCH_SERVER ?? 'pglite';
const staffCount = Number(process.env.BENCH_STAFF ?? 50);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const send = (message: unknown) => process.send?.(message);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function startKanava() {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanava-bench-'));
  const database = mode === 'postgres' ? await createTestDatabase('postgres') : null;
  const target = database ? database.target : ({ kind: 'pglite', dataDir } as const);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    KANAVA_PUBLIC_RATE_LIMIT: '10000000',
    KANAVA_CHAT_START_LIMIT: '10000000',
    KANAVA_CHAT_START_LIBRARY_LIMIT: '10000000',
    KANAVA_LOGIN_RATE_LIMIT: '10000',
    KANAVA_SEED_DEMO: '0',
  });
  const runtime = await startRuntime(config, target);
  const library = await buildLibrary(runtime.database.db);
  const staff = [];
  for (let i = 0; i < staffCount; i += 1) staff.push(await buildAccount(runtime.database.db, library));
  const url = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    ready: { url, slug: library.slug, staff: staff.map((s) => ({ email: s.email, password: s.password })) },
    async count() {
      const row = await runtime.database.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async stop() {
      await runtime.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBare() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const staff = new Set<WebSocket>();
  let seq = 0;
  server.on('connection', (socket, request) => {
    if (request.url === '/staff') {
      staff.add(socket);
      socket.on('close', () => staff.delete(socket));
      socket.send(JSON.stringify({ type: 'ready' }));
      return;
    }
    socket.send(JSON.stringify({ type: 'ready' }));
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; clientId: string; body: string };
      if (frame.type !== 'send') return;
      seq += 1;
      const out = JSON.stringify({ type: 'message', message: { kind: 'customer', clientId: frame.clientId, body: frame.body, seq } });
      for (const s of staff) s.send(out);
      socket.send(JSON.stringify({ type: 'ack', clientId: frame.clientId, seq }));
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    ready: { url: `http://127.0.0.1:${port}`, slug: '', staff: [] },
    count: async () => seq,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const server = mode === 'bare' ? await startBare() : await startKanava();
let elu = performance.eventLoopUtilization();
send({ type: 'ready', ...server.ready });
process.on('message', (message: { type: string }) => {
  void (async () => {
    if (message.type === 'stats') {
      const now = performance.eventLoopUtilization(elu);
      elu = performance.eventLoopUtilization();
      send({
        type: 'stats',
        rssMb: process.memoryUsage().rss / 2 ** 20,
        // Process-wide: the main thread and the embedded database's worker thread together.
        cpuMs: cpuMs(),
        eventLoopUtilization: now.utilization,
        eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      });
      loopDelay.reset();
    } else if (message.type === 'count') {
      send({ type: 'count', messages: await server.count() });
    } else if (message.type === 'stop') {
      await server.stop();
      process.exit(0);
    }
  })();
});
