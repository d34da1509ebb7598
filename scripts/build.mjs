// Builds Kanava for running without a TypeScript loader or a build tool: the server (tsc →
// dist/server/) and the front ends (Vite → dist/web/, dist/widget/). A target whose inputs
// have not changed since its last build is skipped (see build-targets.mjs).
// Usage: node scripts/build.mjs [server|web|widget ...] [--force]   (default: all three)
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isFresh, root, serverAssets, targets, writeStamp } from './build-targets.mjs';

// Always the production build, also when the test runner (NODE_ENV=test) builds it: browser
// tests must exercise what users get, not React's development build.
process.env.NODE_ENV = 'production';

const args = process.argv.slice(2);
const force = args.includes('--force');
const names = args.filter((arg) => arg !== '--force');
for (const name of names) {
  if (!(name in targets)) {
    console.error(`build: unknown target "${name}" (known: ${Object.keys(targets).join(', ')})`);
    process.exit(2);
  }
}

for (const name of names.length > 0 ? names : Object.keys(targets)) {
  const target = targets[name];
  // A front end whose sources are not there yet is reported and skipped, so the server still
  // starts; it answers that front end's pages with a "not built" message.
  if (target.config && !existsSync(join(root, target.config))) {
    console.warn(`build: ${target.label} skipped (${target.config} not found)`);
    continue;
  }
  if (!force && isFresh(name)) {
    console.log(`build: ${target.label} up to date`);
    continue;
  }
  const started = performance.now();
  writeStamp(name, name === 'server' ? buildServer() : await buildFrontEnd(target.config));
  console.log(`build: ${target.label} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Compiles the server and copies its run-time files; returns no bundled list (its inputs are known). */
function buildServer() {
  const out = join(root, 'dist', 'server');
  // From scratch, so that a source deleted or moved leaves no stale module behind.
  rmSync(out, { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  for (const asset of serverAssets()) {
    const to = join(out, asset.slice('src/'.length));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(root, asset), to);
  }
  return [];
}

/** Builds one front end with Vite; returns the source files it bundled (relative paths). */
async function buildFrontEnd(config) {
  // Vite is a build-time (dev) dependency: loaded only when something is to be built.
  const { build } = await import('vite');
  const bundled = new Set();
  const recordInputs = {
    name: 'kanava-record-inputs',
    generateBundle() {
      for (const id of this.getModuleIds()) bundled.add(id);
    },
  };
  await build({ configFile: join(root, config), logLevel: 'warn', plugins: [recordInputs] });
  const prefix = root.endsWith(sep) ? root : root + sep;
  return [...bundled]
    .map((id) => id.split('?')[0])
    .filter((path) => path.startsWith(prefix) && !path.includes(`${sep}node_modules${sep}`) && existsSync(path))
    .map((path) => path.slice(prefix.length).split(sep).join('/'));
}
