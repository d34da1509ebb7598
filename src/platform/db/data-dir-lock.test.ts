import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

test('a second lock on the same data directory is refused while the first is held', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanava-lock-'));
  const lock = lockDataDir(dir);
  assert.equal(readFileSync(join(dir, 'kanava.lock'), 'utf8'), String(process.pid));
  // Another live process holds it: pretend by writing the parent's PID, which is alive.
  lock.release();
  writeFileSync(join(dir, 'kanava.lock'), String(process.ppid));
  assert.throws(
    () => lockDataDir(dir),
    (error: unknown) =>
      error instanceof DataDirLockedError &&
      error.pid === process.ppid &&
      error.dir === dir &&
      error.message.includes(`in use by another Kanava process (PID ${process.ppid})`),
  );
  assert.equal(readFileSync(join(dir, 'kanava.lock'), 'utf8'), String(process.ppid), 'the live holder keeps its lock');
});

test('a lock left by a dead process is taken over, and release removes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanava-lock-'));
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  writeFileSync(join(dir, 'kanava.lock'), dead.stdout.toString());
  const lock = lockDataDir(dir);
  assert.equal(readFileSync(join(dir, 'kanava.lock'), 'utf8'), String(process.pid));
  lock.release();
  assert.equal(existsSync(join(dir, 'kanava.lock')), false);
});
