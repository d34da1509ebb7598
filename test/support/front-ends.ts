// The built front ends, for the API tests of the static routes (without them /app/ and
// /widget/ are not the routes production serves) and for the browser tests. Several test
// files may start at once: one builds under the lock, the others wait for it.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

/** Builds the staff app and the widget (build.mjs skips what is up to date), one test process at a time. */
export function buildFrontEndsUnderLock(): void {
  const lockPath = join(root, 'dist', '.build-lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 1) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch {
      if (waited > 240) rmSync(lockPath, { force: true });
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'web', 'widget'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error('front-end build failed');
  } finally {
    rmSync(lockPath, { force: true });
  }
}
