// What `npm run build` makes, and whether each part is up to date: after a build, a stamp
// (dist/.build-stamps/<target>.json) records a content hash of every input; a later build or
// `npm start` skips the target while all of them hash the same. Hashes, not modification
// times: a checkout or a `touch` changes times but not what gets built.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
const stampDir = join(root, 'dist', '.build-stamps');

// Inputs of every target: the dependencies (their versions) and the build logic itself.
const commonInputs = ['package-lock.json', 'scripts/build.mjs', 'scripts/build-targets.mjs'];

/**
 * server: src/ compiled by tsc to dist/server/ (tests, staff app and widget left out), plus
 * the files it reads at run time. web, widget: the front ends, built by Vite; their inputs are
 * the modules Vite bundled, recorded at build time.
 */
export const targets = {
  server: { label: 'server', output: 'dist/server/main.js', inputs: ['tsconfig.json', 'tsconfig.build.json'] },
  web: { label: 'staff app', output: 'dist/web/index.html', config: 'src/web/vite.config.ts' },
  widget: { label: 'chat widget', output: 'dist/widget/kanava-widget.js', config: 'src/widget/vite.config.ts' },
};

/** Files under src/ that are no part of the server: front-end code and tests. */
function outsideServer(path) {
  if (path.startsWith('src/web/')) return true;
  if (path.startsWith('src/widget/') && /\.tsx?$/.test(path)) return true;
  return /\.test\.tsx?$/.test(path);
}

/** The server's sources and run-time files (paths relative to the root). */
export function serverSources() {
  return walk(join(root, 'src')).filter((path) => !outsideServer(path));
}

/**
 * Files the compiled server reads by path (SQL migrations, JSON catalogues, the demo page
 * template, the database worker's .mjs entry): every non-TypeScript source file, copied to
 * the same place under dist/server/ so that code finds it the same way in both trees.
 */
export function serverAssets() {
  return serverSources().filter((path) => !/\.tsx?$/.test(path) && !/(^|\/)tsconfig[^/]*\.json$/.test(path));
}

function walk(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(path));
    else found.push(relative(root, path).split(sep).join('/'));
  }
  return found;
}

function hashFile(path) {
  return createHash('sha256')
    .update(readFileSync(join(root, path)))
    .digest('hex');
}

function hashAll(paths) {
  return Object.fromEntries([...new Set(paths)].sort().map((path) => [path, hashFile(path)]));
}

/** The inputs a target's stamp must match: recomputed for the server, recorded by Vite for a front end. */
function currentInputs(name, stamp) {
  const target = targets[name];
  if (name === 'server') return [...commonInputs, ...target.inputs, ...serverSources()];
  return Object.keys(stamp?.files ?? {});
}

/** Whether the target's output exists and every input hashes as when it was built. */
export function isFresh(name) {
  if (!existsSync(join(root, targets[name].output))) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(stampDir, `${name}.json`), 'utf8'));
  } catch {
    return false;
  }
  const inputs = currentInputs(name, stamp);
  if (inputs.length === 0 || inputs.length !== Object.keys(stamp.files).length) return false;
  return inputs.every((path) => existsSync(join(root, path)) && stamp.files[path] === hashFile(path));
}

/** Records the target's inputs after a successful build (`bundled`: the modules Vite used). */
export function writeStamp(name, bundled = []) {
  const target = targets[name];
  const inputs = name === 'server' ? currentInputs(name) : [...commonInputs, target.config, ...bundled];
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(join(stampDir, `${name}.json`), `${JSON.stringify({ files: hashAll(inputs) }, null, 2)}\n`);
}
