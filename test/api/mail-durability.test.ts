// kill -9 during mail ingest loses nothing and doubles nothing: the real server, mails pushed
// through the ingress while it is killed, restarted on the same data, every mail sent again
// (as the mail server retries): each acknowledged mail is a duplicate of itself, every other
// one is stored now, and no mail has two conversations.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testBackends } from '../support/backends.js';
import { INGRESS_SECRET, newMessageId, rawMail, type IngestAnswer } from '../support/raw-mail.js';

const root = new URL('../../', import.meta.url).pathname;
const MAILS = 120;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startKanava(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', KANAVA_MAIL_INGRESS_SECRET: INGRESS_SECRET, ...env },
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
        resolve(child);
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

async function push(base: string, raw: Buffer): Promise<IngestAnswer | null> {
  try {
    const response = await fetch(`${base}/api/v1/ingress/mail?library=demo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGRESS_SECRET}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    return response.status === 200 ? ((await response.json()) as IngestAnswer) : null;
  } catch {
    return null; // the server died under it: the mail server would retry
  }
}

async function killMidIngest(env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const mails = Array.from({ length: MAILS }, (_, i) =>
    rawMail({ from: `kestava.${i}@example.fi`, messageId: newMessageId(), subject: `Viesti ${i}`, body: `Sisältö ${i}` }),
  );
  const first = await startKanava({ ...env, PORT: String(port) });
  const acked = new Map<number, IngestAnswer>();
  let next = 0;
  const worker = async () => {
    while (next < MAILS && first.exitCode === null && first.signalCode === null) {
      const index = next++;
      const answer = await push(base, mails[index]!);
      if (answer) acked.set(index, answer);
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  while (acked.size < 30) await new Promise((r) => setTimeout(r, 5));
  first.kill('SIGKILL');
  await exited(first);
  await Promise.all(workers);
  const ackedBeforeKill = new Map(acked);
  assert.ok(ackedBeforeKill.size < MAILS, 'killed mid-run');

  const second = await startKanava({ ...env, PORT: String(port) });
  try {
    const retried = await Promise.all(mails.map((raw) => push(base, raw)));
    for (const [index, answer] of ackedBeforeKill) {
      assert.deepEqual(retried[index], { outcome: 'duplicate', conversationId: answer.conversationId, messageId: answer.messageId });
    }
    assert.ok(
      retried.every((answer) => answer && (answer.outcome === 'created' || answer.outcome === 'duplicate')),
      'every mail is stored after the retry',
    );
    const again = await Promise.all(mails.map((raw) => push(base, raw)));
    assert.ok(again.every((answer) => answer?.outcome === 'duplicate'));
    const conversations = new Set(again.map((answer) => answer!.conversationId));
    assert.equal(conversations.size, MAILS, 'one conversation per mail, none doubled');
  } finally {
    second.kill('SIGTERM');
    await exited(second);
  }
}

describe('mail ingest durability', () => {
  test('kill -9 mid-ingest on the embedded database: nothing lost, nothing doubled', { timeout: 180_000 }, async () => {
    await killMidIngest({ KANAVA_DATA_DIR: mkdtempSync(join(tmpdir(), 'kanava-mail-kill-')) });
  });

  test(
    'kill -9 mid-ingest on PostgreSQL: nothing lost, nothing doubled',
    { timeout: 180_000, skip: !testBackends().includes('postgres') },
    async () => {
      const database = await createTestDatabase('postgres');
      try {
        await killMidIngest({ DATABASE_URL: database.target.kind === 'postgres' ? database.target.url : '' });
      } finally {
        await database.drop();
      }
    },
  );
});
