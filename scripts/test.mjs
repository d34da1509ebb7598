// Runs the whole test suite with node's own test runner: every `*.test.ts` under src/ and
// test/. Node 20's runner takes no globs, so the files are listed here. Its summary
// (`ℹ pass N`, `ℹ fail N`) is the last thing printed.
// Usage: npm test [-- <path filter> ...]   e.g. `npm test -- src/domains/bot`
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

// On a fresh checkout `npm test` alone must work: install the locked dependencies first.
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const filters = process.argv.slice(2);

function find(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...find(path));
    else if (entry.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

const files = ['src', 'test']
  .flatMap((dir) => {
    try {
      return find(join(root, dir));
    } catch {
      return [];
    }
  })
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
