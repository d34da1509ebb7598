// The main thread's side of the PGlite worker: a pool with node-postgres's shape, which
// Kysely's PostgresDialect drives as it drives a real pg.Pool. Only messages cross the
// thread boundary, so the event loop keeps moving socket frames while a query runs.
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { WorkerReply, WorkerRequest } from './pglite-worker.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface QueryResult {
  command: string;
  rowCount: number | null;
  rows: unknown[];
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class PgliteWorkerPool {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #failureListeners: ((error: Error) => void)[] = [];
  #nextId = 1;
  /** Set once the worker is gone (closed or crashed): every request then fails at once. */
  #gone: AppError | null = null;
  #ending: Promise<void> | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    worker.on('error', (error) => this.#stop(error));
    worker.on('exit', (code) => this.#stop(new Error(`the embedded database worker exited with code ${code}`)));
  }

  /**
   * Starts the worker with PGlite on `dataDir` (in memory when null) and waits until ready.
   * `entry` is the worker's script; tests pass one that misbehaves.
   */
  static start(dataDir: string | null, entry = new URL('./pglite-worker-entry.mjs', import.meta.url)): Promise<PgliteWorkerPool> {
    const worker = new Worker(entry, { workerData: { dataDir } });
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        worker.off('message', onMessage);
        reject(error instanceof Error ? error : new Error(`the embedded database did not start (exit code ${String(error)})`));
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== 0) return;
        worker.off('message', onMessage);
        worker.off('error', fail);
        worker.off('exit', fail);
        if (reply.ok) resolve(new PgliteWorkerPool(worker));
        else {
          void worker.terminate();
          reject(Object.assign(new Error(reply.error.message), reply.error));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', fail);
      worker.once('exit', fail);
    });
  }

  /** Called once if the worker stops without being closed (a crash): the database is gone. */
  onFailure(listener: (error: Error) => void): void {
    this.#failureListeners.push(listener);
  }

  #stop(cause: Error): void {
    if (this.#gone) return;
    this.#gone = new AppError('unavailable', undefined, { cause });
    this.#failPending(this.#gone);
    for (const listener of this.#failureListeners) listener(cause);
  }

  /** Fails every request still waiting: no reply can come for them any more. */
  #failPending(error: AppError): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #request<T>(request: DistributiveOmit<WorkerRequest, 'id'>): Promise<T> {
    if (this.#gone) return Promise.reject(this.#gone);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  query(text: string, values: readonly unknown[] = [], name?: string): Promise<QueryResult> {
    return this.#request({ op: 'query', text, values: [...values], ...(name ? { name } : {}) });
  }

  /** A dedicated client (for a transaction); PGlite has one session, so others wait for its release. */
  async connect() {
    const client = await this.#request<number>({ op: 'connect' });
    return {
      query: (text: string, values: readonly unknown[] = []) =>
        this.#request<QueryResult>({ op: 'query', client, text, values: [...values] }),
      release: () => {
        // A gone worker has no client to release; nothing is left to clean up.
        this.#request({ op: 'release', client }).catch(() => undefined);
      },
    };
  }

  /** Closes PGlite (flushing it to disk) and stops the worker; safe to call twice, also at once. */
  end(): Promise<void> {
    this.#ending ??= this.#end();
    return this.#ending;
  }

  async #end(): Promise<void> {
    if (this.#gone) return;
    try {
      await this.#request({ op: 'close' });
    } finally {
      // A deliberate stop is not a failure: mark the pool gone before the exit event fires.
      this.#gone ??= new AppError('unavailable', undefined, { cause: new Error('the embedded database is closed') });
      await this.#worker.terminate();
      // The worker's pool drops the queries still queued when it ends, and replies sent just
      // before the terminate never arrive: without this their callers would wait forever.
      this.#failPending(this.#gone);
    }
  }
}
