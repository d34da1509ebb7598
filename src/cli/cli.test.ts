import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lockDataDir } from '../platform/db/data-dir-lock.js';

const root = new URL('../../', import.meta.url).pathname;
function kanava(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('--help lists the commands and exits 0; an unknown command exits 2 with a hint', () => {
  const help = kanava(['--help']);
  assert.equal(help.status, 0);
  for (const command of ['start', 'migrate', 'library', 'bot']) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
  const unknown = kanava(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate".*--help/);
});

test('migrate applies the migrations to a new embedded database once', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanava-cli-'));
  const first = kanava(['migrate'], { KANAVA_DATA_DIR: dataDir });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /applied: 0001_core/);
  const second = kanava(['migrate'], { KANAVA_DATA_DIR: dataDir });
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /up to date/);
});

test('migrate on an embedded database that another process holds says which one and what to do, exit 1', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanava-cli-'));
  // This test process holds the lock, as a running `kanava start` would.
  const lock = lockDataDir(dataDir);
  try {
    const result = kanava(['migrate'], { KANAVA_DATA_DIR: dataDir });
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`in use by another Kanava process \\(PID ${process.pid}\\)`));
    assert.match(result.stderr, /stop "kanava start", run the command, and start again/);
  } finally {
    lock.release();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a bad environment variable stops with a clear message', () => {
  const result = kanava(['migrate'], { PORT: 'eighty' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /invalid configuration:\n\s+PORT:/);
});
