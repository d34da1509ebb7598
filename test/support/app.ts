// Starts a real Kanava server on a free port over a fresh database of the chosen backend,
// and gives tests HTTP and sign-in helpers against it.
import { loadConfig } from '../../src/platform/config.js';
import type { Backend, DatabaseTarget } from '../../src/platform/db/database.js';
import { startRuntime, type Runtime } from '../../src/server/runtime.js';
import { after, before } from 'node:test';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, testBackends } from './backends.js';
import type { TestAccount } from './factories.js';
import type { LogCapture } from './log.js';

/** One key for every app this test process starts: a second instance reads the first one's secrets. */
const TEST_SECRET_KEY = randomBytes(32).toString('base64');

export interface TestApp {
  backend: Backend;
  runtime: Runtime;
  db: Runtime['database']['db'];
  baseUrl: string;
  wsUrl: string;
  /** fetch against the server; JSON body encoded when `json` is given. */
  request(path: string, init?: RequestInit & { json?: unknown; cookie?: string }): Promise<Response>;
  /** Signs in and returns the session cookie header value. */
  signIn(account: TestAccount): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Receives the app's log (at debug level unless `LOG_LEVEL` is given); without it the app logs nothing. */
  log?: LogCapture;
}

export async function startTestApp(backend: Backend, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(backend);
  return startOn(backend, database.target, env, () => database.drop(), options);
}

/**
 * Another app instance on the first one's PostgreSQL database, as behind a load balancer
 * (events travel between them through LISTEN/NOTIFY). Close it before the first one,
 * which drops the database.
 */
export async function startSecondInstance(first: TestApp, env: Record<string, string> = {}): Promise<TestApp> {
  const url = first.runtime.database.url;
  if (!url) throw new Error('a second instance needs PostgreSQL: the embedded database belongs to one process');
  return startOn(first.backend, { kind: 'postgres', url, poolSize: 5 }, env, async () => undefined);
}

async function startOn(
  backend: Backend,
  target: DatabaseTarget,
  env: Record<string, string>,
  drop: () => Promise<void>,
  options: TestAppOptions = {},
): Promise<TestApp> {
  // Limits out of the way, unless a test sets them: tests start many chats from one address.
  const limits = { KANAVA_PUBLIC_RATE_LIMIT: '100000', KANAVA_CHAT_START_LIMIT: '100000', KANAVA_CHAT_START_LIBRARY_LIMIT: '100000' };
  const config = loadConfig({
    LOG_LEVEL: options.log ? 'debug' : 'silent',
    ...limits,
    KANAVA_SEED_DEMO: '0',
    KANAVA_SECRET_KEY: TEST_SECRET_KEY,
    ...env,
  });
  if (options.log) config.logStream = options.log;
  const runtime = await startRuntime(config, target);
  const address = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const request: TestApp['request'] = (path, init = {}) => {
    const { json, cookie, headers, ...rest } = init;
    const merged = new Headers(headers);
    if (json !== undefined) merged.set('content-type', 'application/json');
    if (cookie) merged.set('cookie', cookie);
    return fetch(`${address}${path}`, {
      ...rest,
      headers: merged,
      ...(json !== undefined ? { body: JSON.stringify(json), method: rest.method ?? 'POST' } : {}),
    });
  };
  return {
    backend,
    runtime,
    db: runtime.database.db,
    baseUrl: address,
    wsUrl: address.replace(/^http/, 'ws'),
    request,
    async signIn(account) {
      const response = await request('/api/v1/auth/login', { json: { email: account.email, password: account.password } });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      const setCookie = response.headers.get('set-cookie') ?? '';
      return setCookie.split(';')[0] ?? '';
    },
    async close() {
      await runtime.close();
      await drop();
    },
  };
}

/** describe() options for a block that needs PostgreSQL (several instances share one database). */
export const onlyOnPostgres = { skip: !testBackends().includes('postgres') && 'PostgreSQL not among KANAVA_TEST_BACKENDS' };

/**
 * Two app instances on one PostgreSQL database for the enclosing describe(): started before
 * its tests, closed after them. Read `a` and `b` inside the tests (they exist from then on).
 */
export function useTwoInstances(env: Record<string, string> = {}): { readonly a: TestApp; readonly b: TestApp } {
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  before(async () => {
    a = await startTestApp('postgres', env);
    b = await startSecondInstance(a, env);
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });
  const started = (app: TestApp | undefined) => {
    if (!app) throw new Error('the instances start in before(): use them inside tests');
    return app;
  };
  return {
    get a() {
      return started(a);
    },
    get b() {
      return started(b);
    },
  };
}
