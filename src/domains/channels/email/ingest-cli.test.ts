// `kanava mail ingest` as a mail server runs it: the real CLI process, the message on stdin,
// against a real running server on each backend. Exit codes are what Postfix and Exim act on:
// 0 stored or recognised, 65 refused (bounce it), 75 try again later (keep it queued).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildLibrary } from '../../../../test/support/factories.js';
import { INGRESS_SECRET, newMessageId, rawMail } from '../../../../test/support/raw-mail.js';

const root = new URL('../../../../', import.meta.url).pathname;
const MAX_BYTES = 16 * 1024;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function kanavaMailIngest(args: string[], stdin: Buffer, env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'mail', 'ingest', ...args], {
      cwd: root,
      env: { ...process.env, KANAVA_MAIL_INGRESS_SECRET: INGRESS_SECRET, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** A port nobody listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

for (const backend of testBackends()) {
  describe(`kanava mail ingest [${backend}]`, () => {
    let app: TestApp;
    let slug: string;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_MAIL_INGRESS_SECRET: INGRESS_SECRET, KANAVA_MAIL_MAX_BYTES: String(MAX_BYTES) });
      slug = (await buildLibrary(app.db)).slug;
    });
    after(() => app.close());

    test('a new mail is stored: the answer on one line, exit 0; the same mail again is a duplicate, exit 0', async () => {
      const raw = rawMail({ from: 'putki@example.fi', messageId: newMessageId(), body: 'Postfixin kautta' });
      const first = await kanavaMailIngest(['--library', slug, '--url', app.baseUrl], raw);
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stdout.trim().split('\n').length, 1);
      const answer = JSON.parse(first.stdout) as { outcome: string; conversationId: string };
      assert.equal(answer.outcome, 'created');
      const stored = await app.db.selectFrom('messages').select('body').where('conversation_id', '=', answer.conversationId).execute();
      assert.deepEqual(
        stored.map((m) => m.body),
        ['Postfixin kautta'],
      );
      const again = await kanavaMailIngest(['--library', slug, '--url', app.baseUrl], raw);
      assert.equal(again.status, 0, again.stderr);
      assert.equal((JSON.parse(again.stdout) as { outcome: string }).outcome, 'duplicate');
    });

    test('a mail over the limit is rejected: exit 65 (the mail server bounces it)', async () => {
      const run = await kanavaMailIngest(['--library', slug, '--url', app.baseUrl], rawMail({ body: 'x'.repeat(MAX_BYTES * 2) }));
      assert.equal(run.status, 65, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), { outcome: 'rejected', conversationId: null, messageId: null, reason: 'too_large' });
    });

    test('an unreachable server, a missing or wrong secret: exit 75 (the mail stays queued)', async () => {
      const port = await closedPort();
      const unreachable = await kanavaMailIngest(['--library', slug, '--url', `http://127.0.0.1:${port}`], rawMail());
      assert.equal(unreachable.status, 75);
      assert.match(unreachable.stderr, /could not be reached/);
      const byPort = await kanavaMailIngest(['--library', slug], rawMail(), { PORT: String(port) });
      assert.equal(byPort.status, 75, 'the default address is 127.0.0.1:$PORT');
      const noSecret = await kanavaMailIngest(['--library', slug, '--url', app.baseUrl], rawMail(), {
        KANAVA_MAIL_INGRESS_SECRET: '',
      });
      assert.equal(noSecret.status, 75);
      assert.match(noSecret.stderr, /KANAVA_MAIL_INGRESS_SECRET is not set/);
      const wrong = await kanavaMailIngest(['--library', slug, '--url', app.baseUrl], rawMail(), {
        KANAVA_MAIL_INGRESS_SECRET: 'not-the-right-secret-at-all',
      });
      assert.equal(wrong.status, 75);
      assert.match(wrong.stderr, /answered 401/);
    });

    test('without --library it is a usage error, exit 2', async () => {
      const run = await kanavaMailIngest(['--url', app.baseUrl], rawMail());
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--library is required/);
    });
  });
}
