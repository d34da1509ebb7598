// Attachments over the limits are left out, the mail itself kept with a note naming them
// (a 20 MB scan must not cost the customer their question). Small limits stand in for the
// real ones (15 MiB a file, 25 MiB a mail) so the test stays quick.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildLibrary } from '../../../../test/support/factories.js';
import { rawMail } from '../../../../test/support/raw-mail.js';
import { createMailIngest } from './ingest.js';

for (const backend of testBackends()) {
  describe(`attachment limits [${backend}]`, () => {
    let app: TestApp;
    let libraryId: string;

    before(async () => {
      app = await startTestApp(backend);
      libraryId = (await buildLibrary(app.db)).id;
    });
    after(() => app.close());

    test('a file over the per-file limit, and files past the total, are dropped with a note; the mail is stored', async () => {
      const warnings: string[] = [];
      const ingest = createMailIngest({
        db: app.db,
        bus: app.runtime.bus,
        secrets: app.runtime.secrets,
        maxBytes: 1024 * 1024,
        attachmentLimits: { file: 2000, total: 3000 },
        log: { warn: (_details, message) => warnings.push(message) },
      });
      const file = (name: string, size: number) => ({ filename: name, contentType: 'application/pdf', content: Buffer.alloc(size, 1) });
      const answer = await ingest({
        libraryId,
        source: 'imap',
        raw: rawMail({
          from: 'iso-liite@example.fi',
          body: 'Skannaukset liitteenä',
          attachments: [file('pieni.pdf', 1500), file('valtava.pdf', 5000), file('toinen.pdf', 1600), file('kolmas.pdf', 1000)],
        }),
      });
      assert.equal(answer.outcome, 'created');
      const stored = await app.db
        .selectFrom('message_attachments')
        .select(['filename', 'size'])
        .where('message_id', '=', answer.messageId)
        .orderBy('created_at')
        .execute();
      assert.deepEqual(stored, [
        { filename: 'pieni.pdf', size: 1500 },
        { filename: 'kolmas.pdf', size: 1000 },
      ]);
      const message = await app.db.selectFrom('messages').select('body').where('id', '=', answer.messageId).executeTakeFirstOrThrow();
      assert.match(message.body, /^Skannaukset liitteenä/);
      assert.match(message.body, /valtava\.pdf.*not stored/);
      assert.match(message.body, /toinen\.pdf.*not stored/);
      assert.equal(warnings.length, 1);
    });
  });
}
