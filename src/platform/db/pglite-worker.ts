// Runs the embedded database (PGlite, PostgreSQL compiled to WebAssembly) in a worker
// thread. PGlite executes on the thread that owns it, so on the main thread every query
// would stop the event loop and every socket with it. Queries arrive as messages and are
// run through node-postgres on PGlite, exactly as they would be on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { configurePgTypes } from './pg-types.js';

export type WorkerRequest =
  | { id: number; op: 'connect' }
  | { id: number; op: 'query'; client?: number; text: string; values: unknown[]; name?: string }
  | { id: number; op: 'release'; client: number }
  | { id: number; op: 'close' };

/** The fields of a PostgreSQL error that callers branch on (SQLSTATE code, constraint …). */
export interface WorkerError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** Replies carry the request's id; id 0 announces that PGlite has started (or why it did not). */
export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WorkerError };

const port = parentPort!;

function toWorkerError(error: unknown): WorkerError {
  const e = error as Partial<WorkerError>;
  const fields: WorkerError = { message: e.message ?? String(error) };
  for (const key of ['code', 'detail', 'constraint', 'table', 'column'] as const) {
    if (typeof e[key] === 'string') fields[key] = e[key];
  }
  return fields;
}

configurePgTypes();
const { dataDir } = workerData as { dataDir: string | null };
let pglite: PGlite;
try {
  pglite = await PGlite.create(dataDir ?? undefined);
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: toWorkerError(error) } satisfies WorkerReply);
  process.exit(1);
}
// createPgConfig gives the pool a single client: PGlite has one session, so a transaction
// holds it and every other query waits for its end, as on a one-connection server.
const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
const clients = new Map<number, pg.PoolClient>();
let nextClient = 1;

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect': {
      const client = await pool.connect();
      const id = nextClient++;
      clients.set(id, client);
      return id;
    }
    case 'query': {
      const runner = request.client === undefined ? pool : clients.get(request.client);
      if (!runner) throw new Error(`unknown database client ${request.client}`);
      const result = await runner.query({ text: request.text, values: request.values, ...(request.name ? { name: request.name } : {}) });
      return { command: result.command, rowCount: result.rowCount, rows: result.rows };
    }
    case 'release': {
      clients.get(request.client)?.release();
      clients.delete(request.client);
      return null;
    }
    case 'close': {
      await pool.end();
      await pglite.close();
      return null;
    }
    default: {
      const unknown: never = request;
      throw new Error(`unknown request ${JSON.stringify(unknown)}`);
    }
  }
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toWorkerError(error) } satisfies WorkerReply),
  );
});
port.postMessage({ id: 0, ok: true, result: 'ready' } satisfies WorkerReply);
