// Saved replies: the library's (admins and supervisors keep them) and each staff member's own
// (invisible to colleagues), validated with messages in the caller's language, placeholders
// checked when saved, and a search that finds by title, shortcut, keyword and text.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import type { SavedReplyView } from '../../src/contract/saved-replies.js';

type ErrorBody = { error: { code: string; message: string; details?: { issues?: { path: string; message: string }[]; reason?: string } } };

for (const backend of testBackends()) {
  describe(`saved replies [${backend}]`, () => {
    let app: TestApp;
    let admin: string;
    let supervisor: string;
    let staff: string;
    let colleague: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      admin = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      supervisor = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
      staff = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
      colleague = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
    });
    after(() => app.close());

    const create = (cookie: string, body: unknown, language = 'en') =>
      app.request('/api/v1/saved-replies', { cookie, json: body, headers: { 'accept-language': language } });
    const list = async (cookie: string, query = '') => {
      const response = await app.request(`/api/v1/saved-replies${query}`, { cookie });
      assert.equal(response.status, 200);
      return ((await response.json()) as { items: SavedReplyView[] }).items;
    };

    test('a supervisor saves a library reply that every colleague finds; only supervisors and admins change it', async () => {
      const response = await create(supervisor, {
        scope: 'library',
        title: 'Aukioloajat',
        shortcut: 'aukiolo',
        body: { fi: 'Hei {customer.name}! Olemme auki ma–pe 9–20. T. {staff.name}, {library.name}', sv: 'Hej! Vi har öppet mån–fre 9–20.' },
        keywords: ['aukiolo', 'öppettider'],
      });
      assert.equal(response.status, 201);
      const saved = (await response.json()) as SavedReplyView;
      assert.equal(saved.scope, 'library');
      assert.equal(saved.canEdit, true);
      assert.deepEqual(saved.keywords, ['aukiolo', 'öppettider']);

      const seen = (await list(staff)).find((r) => r.id === saved.id);
      assert.ok(seen, 'staff see the library reply');
      assert.equal(seen.canEdit, false);
      const refused = await app.request(`/api/v1/saved-replies/${saved.id}`, {
        method: 'PATCH',
        cookie: staff,
        json: { title: 'Muutettu' },
        headers: { 'accept-language': 'sv' },
      });
      assert.equal(refused.status, 403);
      assert.match(((await refused.json()) as ErrorBody).error.message, /Endast en chef eller en administratör/);
      const changed = await app.request(`/api/v1/saved-replies/${saved.id}`, {
        method: 'PATCH',
        cookie: admin,
        json: { title: 'Aukioloajat kesällä' },
      });
      assert.equal(changed.status, 200);
      assert.equal(((await changed.json()) as SavedReplyView).title, 'Aukioloajat kesällä');

      const staffLibrary = await create(staff, { scope: 'library', title: 'X', body: { fi: 'x' } }, 'fi');
      assert.equal(staffLibrary.status, 403);
      assert.match(((await staffLibrary.json()) as ErrorBody).error.message, /Vain esihenkilö tai pääkäyttäjä/);
    });

    test('a personal reply is its owner’s alone: colleagues neither see nor change it (404)', async () => {
      const response = await create(staff, { title: 'Oma tervehdys', shortcut: 'moi', body: { fi: 'Moikka, täällä {staff.name}.' } });
      assert.equal(response.status, 201);
      const own = (await response.json()) as SavedReplyView;
      assert.equal(own.scope, 'personal');
      assert.ok((await list(staff)).some((r) => r.id === own.id));
      assert.ok(!(await list(colleague)).some((r) => r.id === own.id), 'a colleague does not see it');
      assert.ok(!(await list(admin, '?q=moikka')).some((r) => r.id === own.id), 'nor does an admin, even by search');
      for (const cookie of [colleague, admin]) {
        const patch = await app.request(`/api/v1/saved-replies/${own.id}`, { method: 'PATCH', cookie, json: { title: 'Hijack' } });
        assert.equal(patch.status, 404);
        const del = await app.request(`/api/v1/saved-replies/${own.id}`, { method: 'DELETE', cookie });
        assert.equal(del.status, 404);
      }
      // The same shortcut is free for a colleague's own replies, but not twice for one person.
      assert.equal((await create(colleague, { title: 'Toinen', shortcut: 'moi', body: { en: 'Hi' } })).status, 201);
      const taken = await create(staff, { title: 'Kolmas', shortcut: 'moi', body: { en: 'Hi' } }, 'fi');
      assert.equal(taken.status, 409);
      const error = ((await taken.json()) as ErrorBody).error;
      assert.equal(error.details?.reason, 'shortcut_taken');
      assert.match(error.message, /Lyhenne ”moi” on jo toisen vastauksen käytössä/);

      const del = await app.request(`/api/v1/saved-replies/${own.id}`, { method: 'DELETE', cookie: staff });
      assert.equal(del.status, 204);
      assert.ok(!(await list(staff)).some((r) => r.id === own.id));
    });

    test('unknown placeholders are refused at save, named, with the known ones listed, in fi and sv', async () => {
      for (const [language, pattern] of [
        [
          'fi',
          /tuntematon paikkamerkki \{customer\.nimi\}; käytettävissä ovat \{customer\.name\}, \{customer\.email\}, \{staff\.name\}, \{library\.name\}/,
        ],
        ['sv', /okänd platshållare \{customer\.nimi\}; du kan använda \{customer\.name\}/],
      ] as const) {
        const response = await create(
          staff,
          { title: 'Virhe', body: { fi: 'Hei {customer.nimi}!', sv: 'Hej {customer.name}!' } },
          language,
        );
        assert.equal(response.status, 400);
        const error = ((await response.json()) as ErrorBody).error;
        assert.equal(error.code, 'validation_failed');
        assert.equal(error.details?.issues?.length, 1, 'only the Finnish text has an unknown placeholder');
        assert.equal(error.details?.issues?.[0]?.path, 'body.body.fi');
        assert.match(error.details?.issues?.[0]?.message ?? '', pattern);
      }
      const patched = await create(staff, { title: 'Ok', body: { en: 'Hello {customer.name}' } });
      const id = ((await patched.json()) as SavedReplyView).id;
      const bad = await app.request(`/api/v1/saved-replies/${id}`, {
        method: 'PATCH',
        cookie: staff,
        json: { body: { en: 'Hi {staff.firstname}' } },
      });
      assert.equal(bad.status, 400);
    });

    test('other validation: a body in at least one language, a one-word shortcut, a title; messages in fi and sv', async () => {
      const cases: [unknown, string, RegExp][] = [
        [{ title: 'Tyhjä', body: {} }, 'fi', /anna teksti vähintään yhdellä kielellä/i],
        [{ title: 'Tyhjä', body: {} }, 'sv', /minst ett språk/i],
        [{ title: 'Välilyönti', shortcut: 'kaksi sanaa', body: { fi: 'x' } }, 'fi', /lyhenne on yksi sana/],
        [{ title: 'Mellanslag', shortcut: 'Två Ord', body: { fi: 'x' } }, 'sv', /förkortningen är ett ord/],
        [{ title: 'Tyhjä teksti', body: { fi: '   ' } }, 'fi', /viesti on tyhjä/i],
        [{ title: 'Okänt', body: { de: 'Hallo' } }, 'sv', /.+/],
      ];
      for (const [body, language, pattern] of cases) {
        const response = await create(staff, body, language);
        assert.equal(response.status, 400, JSON.stringify(body));
        const error = ((await response.json()) as ErrorBody).error;
        const text = [error.message, ...(error.details?.issues ?? []).map((i) => i.message)].join(' | ');
        assert.match(text, pattern, `${language}: ${JSON.stringify(body)} → ${text}`);
      }
    });

    test('search: shortcut first, then title, keywords and text; language-aware; only what the caller may see', async () => {
      await create(admin, {
        scope: 'library',
        title: 'Salasanan vaihto',
        shortcut: 'salasana',
        body: {
          fi: 'Voit vaihtaa PIN-koodin verkkokirjastossa.',
          sv: 'Du kan byta PIN-koden i webbiblioteket.',
          en: 'You can change your PIN online.',
        },
        keywords: ['pin'],
      });
      await create(admin, {
        scope: 'library',
        title: 'Kaukolainat',
        body: { fi: 'Kaukolainan hinta on 3 euroa.', sv: 'Fjärrlån kostar 3 euro.' },
      });
      await create(colleague, { title: 'Kollegan salasanaohje', body: { fi: 'Salasana: katso ohje.' } });

      const byShortcut = await list(staff, '?q=%2Fsalasana');
      assert.equal(byShortcut[0]?.shortcut, 'salasana');
      assert.ok(!byShortcut.some((r) => r.title.startsWith('Kollegan')), 'a colleague’s own reply is not found');

      const byKeyword = await list(staff, '?q=pin&language=en');
      assert.ok(byKeyword.some((r) => r.shortcut === 'salasana'));

      // Swedish word forms through the Swedish stemmer, and a prefix.
      const swedish = await list(staff, '?q=fj%C3%A4rrl&language=sv');
      assert.equal(swedish[0]?.title, 'Kaukolainat');
      const stemmed = await list(staff, '?q=kaukolainan&language=fi');
      assert.equal(stemmed[0]?.title, 'Kaukolainat');

      assert.deepEqual(await list(staff, '?q=%25'), [], 'LIKE wildcards are searched for literally');
      assert.deepEqual(
        (await list(staff, '?scope=personal')).map((r) => r.scope).filter((s) => s !== 'personal'),
        [],
      );
    });
  });
}
