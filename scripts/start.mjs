// `npm start` from a checkout: install the locked dependencies, build the front ends, then
// run `kanava start` from the TypeScript sources. Each step is skipped when nothing it
// depends on has changed, so a second start takes seconds. Production runs the compiled
// build instead (docs/operations.md).
import { spawn, spawnSync } from 'node:child_process';
import { isFresh, root } from './build-targets.mjs';
import { installNeeded } from './install-state.mjs';

const reason = installNeeded(root);
if (reason) {
  console.log(`start: installing dependencies (${reason})`);
  run('npm', ['install', '--no-audit', '--no-fund']);
}

// The server runs from the sources here; only the front ends need building.
const frontEnds = ['web', 'widget'];
if (frontEnds.some((name) => !isFresh(name))) run(process.execPath, ['scripts/build.mjs', ...frontEnds]);

const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the server too (same process group); hand a supervisor's SIGTERM on, and
// leave when the server has stopped, with its exit code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
