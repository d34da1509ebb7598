// A killed server (kill -9) loses no acknowledged message: the real CLI on the embedded
// database (and on PostgreSQL), killed mid-stream, restarted on the same data.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testBackends } from '../support/backends.js';
import { TestSocket } from '../support/ws.js';

const root = new URL('../../', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startKanava(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', KANAVA_PUBLIC_RATE_LIMIT: '100000', KANAVA_CHAT_START_LIMIT: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${output}`)), 60_000);
    const check = setInterval(() => {
      if (output.includes('Kanava is running')) {
        clearTimeout(timer);
        clearInterval(check);
        resolve({ child, output: () => output });
      }
    }, 50);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

async function killMidStream(env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await startKanava({ ...env, PORT: String(port) });
  const chat = (await (
    await fetch(`${base}/api/v1/public/libraries/demo/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'fi' }),
    })
  ).json()) as { conversationId: string; customerToken: string };
  const socket = await TestSocket.open(`${base.replace('http', 'ws')}/api/v1/public/chat/ws`);
  socket.send({ type: 'hello', token: chat.customerToken, conversationId: chat.conversationId, lastSeq: 0 });
  await socket.waitFor((f) => f.type === 'ready');
  const acked = new Set<string>();
  socket.socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; clientId?: string };
    if (frame.type === 'ack' && frame.clientId) acked.add(frame.clientId);
  });
  // Keep sending while the server is killed after some acknowledgements.
  const sender = setInterval(() => {
    if (socket.socket.readyState === socket.socket.OPEN)
      socket.send({ type: 'send', clientId: randomUUID(), body: `viesti ${Date.now()}` });
  }, 5);
  while (acked.size < 30) await new Promise((r) => setTimeout(r, 10));
  first.child.kill('SIGKILL');
  await exited(first.child);
  clearInterval(sender);
  const ackedBeforeKill = [...acked];

  const second = await startKanava({ ...env, PORT: String(port) });
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'staff@demo.kanava.test', password: 'kanava-demo-2026' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = (await (
      await fetch(`${base}/api/v1/conversations/${chat.conversationId}/messages?limit=500`, { headers: { cookie } })
    ).json()) as {
      items: { clientId: string | null; seq: number }[];
    };
    const stored = new Set(page.items.map((m) => m.clientId));
    const lost = ackedBeforeKill.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${ackedBeforeKill.length} acknowledged messages lost`);
    const seqs = page.items.map((m) => m.seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
      'seqs stay consecutive after the restart',
    );
  } finally {
    second.child.kill('SIGTERM');
    await exited(second.child);
  }
}

describe('durability', () => {
  test('kill -9 on the embedded database loses no acknowledged message; the lock is taken over', { timeout: 120_000 }, async () => {
    await killMidStream({ KANAVA_DATA_DIR: mkdtempSync(join(tmpdir(), 'kanava-kill-')) });
  });

  test('a second process on the same data directory is refused while the first runs', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kanava-lock-'));
    const first = await startKanava({ KANAVA_DATA_DIR: dataDir, PORT: String(await freePort()) });
    try {
      await assert.rejects(startKanava({ KANAVA_DATA_DIR: dataDir, PORT: String(await freePort()) }), /in use by another Kanava process/);
    } finally {
      first.child.kill('SIGTERM');
      await exited(first.child);
    }
  });

  test(
    'kill -9 on PostgreSQL loses no acknowledged message',
    { timeout: 120_000, skip: !testBackends().includes('postgres') },
    async () => {
      const database = await createTestDatabase('postgres');
      try {
        const url = database.target.kind === 'postgres' ? database.target.url : '';
        await killMidStream({ DATABASE_URL: url });
      } finally {
        await database.drop();
      }
    },
  );
});
