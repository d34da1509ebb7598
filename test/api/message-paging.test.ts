// Paging back through a conversation with ?before=<seq>: the messages just below it, in
// ascending seq, a full page even where seqs skip; never together with ?after=.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

interface Page {
  items: { seq: number; kind: string; body: string }[];
}

for (const backend of testBackends()) {
  describe(`messages ?before= [${backend}]`, () => {
    let app: TestApp;
    let cookie: string;
    let conversationId: string;
    let seqs: number[];

    const page = async (query: string, as = cookie): Promise<Page> => {
      const response = await app.request(`/api/v1/conversations/${conversationId}/messages?${query}`, { cookie: as });
      assert.equal(response.status, 200, await response.clone().text());
      return (await response.json()) as Page;
    };

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      cookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      const chat = await app.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: { language: 'fi', body: 'ensimmäinen' } });
      conversationId = ((await chat.json()) as { conversationId: string }).conversationId;
      for (let i = 1; i <= 12; i += 1) {
        const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, {
          json: { body: `vastaus ${i}`, internal: i % 4 === 0 },
          cookie,
        });
        assert.equal(response.status, 201);
      }
      // A hole in the seqs (as an erased message leaves): pages must still be full.
      const all = await page('limit=500');
      const hole = all.items.find((m) => m.body === 'vastaus 9')!;
      await app.db.deleteFrom('messages').where('conversation_id', '=', conversationId).where('seq', '=', hole.seq).execute();
      seqs = (await page('limit=500')).items.map((m) => m.seq);
      assert.equal(seqs.length, 12);
    });
    after(() => app?.close());

    test('the last `limit` messages below `before`, ascending, notes included, full across a gap', async () => {
      const last = seqs.at(-1)!;
      assert.deepEqual(
        (await page(`before=${last + 1}&limit=5`)).items.map((m) => m.seq),
        seqs.slice(-5),
      );
      // The page below the hole skips it and still has five messages.
      const holeAt = seqs.findIndex((s, i) => i > 0 && s !== seqs[i - 1]! + 1);
      assert.ok(holeAt > 0, 'the test data has a gap');
      const across = await page(`before=${seqs[holeAt + 1]}&limit=5`);
      assert.deepEqual(
        across.items.map((m) => m.seq),
        seqs.slice(holeAt - 4, holeAt + 1),
      );
      assert.ok(
        across.items.some((m) => m.kind === 'note'),
        'notes are part of the staff timeline',
      );
    });

    test('boundaries: before is exclusive; below the first message nothing; above the last the newest page', async () => {
      const first = seqs[0]!;
      assert.deepEqual(
        (await page(`before=${seqs[3]}&limit=50`)).items.map((m) => m.seq),
        seqs.slice(0, 3),
      );
      assert.deepEqual((await page(`before=${first}`)).items, []);
      assert.deepEqual((await page('before=0')).items, []);
      assert.deepEqual(
        (await page('before=2147483647&limit=2')).items.map((m) => m.seq),
        seqs.slice(-2),
      );
      assert.deepEqual(
        (await page(`before=${first + 1}&limit=1`)).items.map((m) => m.body),
        ['ensimmäinen'],
      );
      // after= alone is unchanged: the first `limit` above it.
      assert.deepEqual(
        (await page(`after=${first}&limit=2`)).items.map((m) => m.seq),
        seqs.slice(1, 3),
      );
    });

    test('with after=, out of range or not a number: 400 validation_failed in the caller’s language', async () => {
      const expect400 = async (query: string, language = 'en') => {
        const response = await app.request(`/api/v1/conversations/${conversationId}/messages?${query}`, {
          cookie,
          headers: { 'accept-language': language },
        });
        const text = await response.text();
        assert.equal(response.status, 400, `${query}: ${text}`);
        const body = JSON.parse(text) as {
          error: { code: string; message: string; details: { issues: { path: string; message: string }[] } };
        };
        assert.equal(body.error.code, 'validation_failed');
        return body.error.details.issues;
      };
      const en = await expect400('after=1&before=5');
      assert.ok(
        en.some((i) => i.path.includes('before') && /not both/.test(i.message)),
        JSON.stringify(en),
      );
      const fi = await expect400('after=0&before=5', 'fi');
      assert.ok(
        fi.some((i) => /ei molempia/.test(i.message)),
        JSON.stringify(fi),
      );
      for (const value of ['-1', '2147483648', '1.5', 'abc']) await expect400(`before=${value}`);
      await expect400('before=5&limit=0');
    });

    test("another library's conversation is not found, with or without before", async () => {
      const other = await buildLibrary(app.db);
      const outsider = await app.signIn(await buildAccount(app.db, other, { role: 'admin' }));
      for (const query of ['before=5', 'before=2147483647&limit=500']) {
        const response = await app.request(`/api/v1/conversations/${conversationId}/messages?${query}`, { cookie: outsider });
        assert.equal(response.status, 404);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
      }
    });
  });
}
