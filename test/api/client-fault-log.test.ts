// Client mistakes are logged as the client's (info or below, no stack), our own faults at
// error: an aborted upload must not fill the error log, nor pass for "database unreachable"
// (issue 14). Bad JSON and oversize bodies are among the fuzz test's inputs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildLibrary } from '../support/factories.js';
import { LEVEL, LogCapture, type LogLine } from '../support/log.js';

/** Waits until a line matching `match` is logged after `mark`; fails after `ms`. */
async function logged(log: LogCapture, mark: number, match: (line: LogLine) => boolean, ms = 3000): Promise<LogLine> {
  for (let waited = 0; waited < ms; waited += 20) {
    const line = log.since(mark).find(match);
    if (line) return line;
    await sleep(20);
  }
  assert.fail(`no matching log line in ${ms} ms; got:\n${LogCapture.show(log.since(mark))}`);
}

for (const backend of testBackends()) {
  describe(`client faults in the log [${backend}]`, () => {
    let app: TestApp;
    const log = new LogCapture();
    let slug: string;

    before(async () => {
      app = await startTestApp(backend, {}, { log });
      slug = (await buildLibrary(app.db)).slug;
    });
    after(() => app.close());

    test('an upload the client aborts is logged at info without a stack, not as the database being down', async () => {
      const mark = log.mark();
      const url = new URL(app.baseUrl);
      const socket = connect(Number(url.port), url.hostname);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /api/v1/public/libraries/${slug}/chats HTTP/1.1\r\nHost: ${url.host}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"language": "fi", "body": "',
      );
      await sleep(100);
      socket.destroy();
      // Whatever the server made of it is logged by the time the request is finished with.
      await logged(log, mark, (l) => l.level >= LEVEL.error || /^(request completed|client closed)/.test(String(l.msg)));
      await sleep(100);
      const errors = log.atLeast(LEVEL.warn, mark);
      assert.equal(errors.length, 0, LogCapture.show(errors));
      assert.ok(!log.since(mark).some((l) => JSON.stringify(l).includes('unavailable')), 'not classified as unavailable');
      const line = log.since(mark).find((l) => l.msg === 'client closed the connection during the request');
      assert.equal(line?.level, LEVEL.info, LogCapture.show(log.since(mark)));
      assert.equal(line.err, undefined, 'no error object, so no stack');
    });

    test('a fault of ours is still logged at error, with its stack', async () => {
      const mark = log.mark();
      // A table gone missing: no request can cause that, so it must reach the error log.
      await sql`ALTER TABLE libraries RENAME TO libraries_hidden`.execute(app.db);
      try {
        const response = await app.request(`/api/v1/public/libraries/${slug}/widget`);
        assert.equal(response.status, 500);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'internal');
      } finally {
        await sql`ALTER TABLE libraries_hidden RENAME TO libraries`.execute(app.db);
      }
      const line = await logged(log, mark, (l) => l.level >= LEVEL.error);
      assert.ok(line.err?.stack, 'logged with its stack');
    });
  });
}
