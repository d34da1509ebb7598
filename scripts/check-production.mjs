// Checks the production path end to end, as docs/operations.md describes it: build, pack,
// install the package with production dependencies only in a new directory, start it with
// plain node on a new data directory, and use it over HTTP (health, staff app, widget,
// OpenAPI, demo page, signing in) and from the command line. Slower than a unit test (about
// a minute, most of it `npm ci`), so it is a check of its own: `npm run check:production`.
// Options: --keep  leave the temporary directory for a look.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'kanava-production-'));
const app = join(work, 'package');
const failures = [];

function step(title) {
  console.log(`check-production: ${title}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', ...options });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
  return `${result.stdout ?? ''}${result.stderr ?? ''}`;
}

function check(what, ok, detail = '') {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
  if (!ok) failures.push(what);
}

/** Starts `kanava start`; resolves with the process, its base URL and the seconds until its banner. */
function startKanava(env) {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/kanava.mjs', 'start'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      const base = /Staff app:\s+(http:\/\/\S+)\/app\//.exec(output)?.[1];
      if (base) {
        clearTimeout(timer);
        resolve({ child, base, seconds: (performance.now() - started) / 1000, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`kanava start exited with ${code}:\n${output}`)));
  });
}

/** Sends SIGTERM; resolves with the exit code. */
function stopKanava({ child }) {
  child.removeAllListeners('exit');
  const stopped = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  return stopped;
}

try {
  step('building (npm run build)');
  run(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

  step('packing (npm pack) and unpacking into a new directory');
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work]).trim().split('\n').pop();
  run('tar', ['xzf', join(work, tarball), '-C', work]);
  // npm never packs the lock file; the installation uses it to get the tested versions.
  cpSync(join(root, 'package-lock.json'), join(app, 'package-lock.json'));
  check('the package holds no TypeScript sources', !existsSync(join(app, 'src')));

  step('installing production dependencies (npm ci --omit=dev)');
  const install = run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app });
  check('npm ci prints no EBADENGINE warning', !install.includes('EBADENGINE'));
  for (const tool of ['tsx', 'typescript', 'vite', 'esbuild']) {
    check(`no ${tool} installed`, !existsSync(join(app, 'node_modules', tool)));
  }

  step('starting it with plain node on a new data directory');
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', KANAVA_DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const server = await startKanava(env);
  console.log(`  started in ${server.seconds.toFixed(2)} s (until the "Kanava is running" banner) at ${server.base}`);
  try {
    const get = (path, init) => fetch(`${server.base}${path}`, init);
    const health = await get('/healthz');
    check('GET /healthz', health.status === 200 && (await health.json()).status === 'ok', String(health.status));
    const appPage = await get('/app/');
    const appHtml = await appPage.text();
    check(
      'GET /app/ serves the built staff app',
      appPage.status === 200 && /<script[^>]+\/app\/assets\//.test(appHtml),
      String(appPage.status),
    );
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(appHtml)?.[1];
    check('the staff app script loads', script !== undefined && (await get(script)).status === 200, script);
    const widget = await get('/widget/kanava-widget.js');
    check('GET /widget/kanava-widget.js', widget.status === 200, String(widget.status));
    const openapi = await get('/api/openapi.json');
    check('GET /api/openapi.json', openapi.status === 200 && typeof (await openapi.json()).openapi === 'string', String(openapi.status));
    const demo = await get('/demo/demo?lang=sv');
    check(
      'GET /demo/demo (template and catalogue found)',
      demo.status === 200 && (await demo.text()).includes('kanava-chat'),
      String(demo.status),
    );
    const login = await get('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ library: 'demo', email: 'admin@demo.kanava.test', password: 'kanava-demo-2026' }),
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    check('signing in with the demo admin', login.status === 200 && cookie !== undefined, String(login.status));
    const me = await get('/api/v1/auth/me', { headers: { cookie: cookie ?? '' } });
    check(
      'GET /api/v1/auth/me with the session',
      me.status === 200 && JSON.stringify(await me.json()).includes('admin@demo.kanava.test'),
      String(me.status),
    );
    const wrong = await get('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'sv' },
      body: JSON.stringify({ library: 'demo', email: 'admin@demo.kanava.test', password: 'not-the-password' }),
    });
    const message = (await wrong.json()).error?.message ?? '';
    // A catalogue key (errors.x) instead of a sentence would mean the catalogues were not found.
    check("a wrong password is refused in the caller's language", wrong.status === 401 && / /.test(message), message);
  } finally {
    check('SIGTERM stops it with exit code 0', (await stopKanava(server)) === 0);
  }

  step('the command line on the same data directory');
  const list = run(process.execPath, ['bin/kanava.mjs', 'library', 'list'], { cwd: app, env });
  check('kanava library list shows the demo library', /^demo\s/m.test(list));

  step('starting again on the same data (nothing to migrate or seed)');
  const again = await startKanava(env);
  console.log(`  started in ${again.seconds.toFixed(2)} s`);
  await stopKanava(again);
} catch (error) {
  failures.push(error instanceof Error ? error.message : String(error));
  console.error(error);
} finally {
  if (keep) console.log(`check-production: left ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(failures.length === 0 ? 'check-production: all checks passed' : `check-production: ${failures.length} failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
