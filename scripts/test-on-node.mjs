// Runs the test suite (`npm test`) under another Node version, fetched from the npm registry
// (the `node` package ships the official binaries), to check a supported line this machine
// does not have installed. Child processes the tests start use the same Node: the tests
// spawn process.execPath, and that Node's directory comes first on PATH.
// Usage: npm run test:node -- <version> [path filter ...]   e.g. `npm run test:node -- 22 test/api`
import { spawn, spawnSync } from 'node:child_process';
import { dirname, delimiter } from 'node:path';

const [version, ...filters] = process.argv.slice(2);
if (!version || !/^\d+(\.\d+){0,2}$/.test(version)) {
  console.error('usage: npm run test:node -- <version: 22, 24, 22.13.0 …> [path filter ...]');
  process.exit(2);
}

const root = new URL('..', import.meta.url).pathname;
// npx caches the package; the first run downloads it (about 30 MB).
const found = spawnSync('npx', ['--yes', `node@${version}`, '-p', 'process.execPath + " " + process.version'], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [node, actual] = found.stdout?.trim().split(/\s+/).slice(-2) ?? [];
if (found.status !== 0 || !node) {
  console.error(`test-on-node: could not get Node ${version} from the npm registry`);
  process.exit(1);
}
console.log(`test-on-node: running the suite on Node ${actual} (${node})`);

const child = spawn(node, ['scripts/test.mjs', ...filters], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
