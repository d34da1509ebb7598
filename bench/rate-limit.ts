// What counting a request in the database costs, against @fastify/rate-limit's in-memory
// store: requests per second on a route that does nothing but pass its rate limit, with no
// limit, the memory store, and the database store (platform/http/rate-limit-store.ts), on
// each backend. Clients: `--clients=16` concurrent keep-alive loops for `--seconds=3` each,
// from one address (one counter row, the worst case for row contention).
// Usage: npm run bench -- rate-limit [--clients=16] [--seconds=3]
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Agent, get } from 'node:http';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { DatabaseCounters, databaseRateLimitStore } from '../src/platform/http/rate-limit-store.js';
import { createTestDatabase } from '../test/support/backends.js';

type Store = 'none' | 'memory' | 'database';

const option = (name: string, fallback: number, args: string[]) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};

async function serve(database: Database, store: Store) {
  const app = Fastify({ logger: false });
  await app.register(rateLimit, {
    global: false,
    ...(store === 'database' ? { store: databaseRateLimitStore(new DatabaseCounters(database)) } : {}),
  });
  app.get('/limited', store === 'none' ? {} : { config: { rateLimit: { max: 1_000_000_000, timeWindow: 60_000 } } }, async () => ({
    ok: true,
  }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

function request(url: string, agent: Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    get(`${url}/limited`, { agent }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
      response.resume();
      response.on('end', () => resolve());
    }).on('error', reject);
  });
}

async function measure(url: string, clients: number, seconds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const end = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        await request(url, agent);
        done += 1;
      }
    }),
  );
  agent.destroy();
  return Math.round(done / seconds);
}

export async function run(args: string[]): Promise<unknown> {
  const clients = option('clients', 16, args);
  const seconds = option('seconds', 3, args);
  const results: Record<string, Record<Store, number> & { databaseCostMs: number }> = {};
  for (const backend of ['pglite', 'postgres'] as const) {
    const testDatabase = await createTestDatabase(backend);
    const database = await openDatabase(testDatabase.target);
    try {
      await migrate(database.db);
      const rates = {} as Record<Store, number>;
      for (const store of ['none', 'memory', 'database'] as const) {
        const server = await serve(database, store);
        await measure(server.url, clients, 0.5); // warm-up
        rates[store] = await measure(server.url, clients, seconds);
        await server.close();
      }
      // Extra time per request of the database store over the memory store, in milliseconds of wall time.
      const databaseCostMs = Number((1000 / rates.database - 1000 / rates.memory).toFixed(3));
      results[backend] = { ...rates, databaseCostMs };
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  }
  return { clients, seconds, requestsPerSecond: results };
}
