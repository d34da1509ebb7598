// The settings the admin's settings screen adds: holidays and special days (which the widget's
// "open now / next opening" honours), the widget's look (a colour below WCAG AA against white
// is refused with its ratio, in the caller's language), and a save that refuses to overwrite
// someone else's (If-Match with the version GET /library gave).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

interface ErrorBody {
  error: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } };
}
interface WidgetInfo {
  chat: { open: boolean; nextOpening: string | null };
  look: { color: string | null; position: string; launcherText: { fi: string; sv: string; en: string } | null };
}

/** The calendar day `offset` days from now in Helsinki, YYYY-MM-DD. */
function helsinkiDay(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(Date.now() + offset * 86_400_000));
}

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

for (const backend of testBackends()) {
  describe(`library look and exceptions [${backend}]`, () => {
    let app: TestApp;
    let admin: string;
    let supervisor: string;
    let slug: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      admin = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      supervisor = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
    });
    after(() => app.close());

    const patch = (body: unknown, options: { cookie?: string; language?: string; ifMatch?: string } = {}) =>
      app.request('/api/v1/library', {
        method: 'PATCH',
        json: body,
        cookie: options.cookie ?? admin,
        headers: { 'accept-language': options.language ?? 'en', ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}) },
      });
    const widget = async () => (await (await app.request(`/api/v1/public/libraries/${slug}/widget`)).json()) as WidgetInfo;

    test('a colour below 4.5:1 against white is refused with its ratio, in Finnish and Swedish, at the field', async () => {
      // #7a7a7a on white is 4.29:1.
      const fi = await patch({ settings: { widget: { color: '#7a7a7a' } } }, { language: 'fi' });
      assert.equal(fi.status, 400);
      const fiBody = (await fi.json()) as ErrorBody;
      assert.equal(fiBody.error.code, 'validation_failed');
      const issue = fiBody.error.details?.issues?.[0];
      assert.equal(issue?.path, 'body.settings.widget.color');
      assert.match(issue?.message ?? '', /kontrasti .* 4,29:1; vähintään 4,5:1/);
      const sv = await patch({ settings: { widget: { color: '#7a7a7a' } } }, { language: 'sv' });
      assert.match(((await sv.json()) as ErrorBody).error.message, /kontrast på bara 4,29:1; minst 4,5:1/);
      const en = await patch({ settings: { widget: { color: '#ffeb3b' } } });
      assert.match(((await en.json()) as ErrorBody).error.message, /only 1\.\d+:1; at least 4\.5:1/);
      const notHex = await patch({ settings: { widget: { color: 'blue' } } }, { language: 'sv' });
      assert.match(((await notHex.json()) as ErrorBody).error.message, /#rrggbb/);
      assert.equal((await widget()).look.color, null, 'nothing was saved');
    });

    test('a good colour, the position and the launcher text reach the public widget info', async () => {
      const response = await patch({
        settings: {
          widget: { color: '#6b2c91', position: 'bottom-left', launcherText: { fi: 'Kysy kirjastolta', sv: 'Fråga biblioteket', en: '' } },
        },
      });
      assert.equal(response.status, 200, await response.text());
      const look = (await widget()).look;
      assert.deepEqual(look, {
        color: '#6b2c91',
        position: 'bottom-left',
        launcherText: { fi: 'Kysy kirjastolta', sv: 'Fråga biblioteket', en: '' },
      });
      // One language alone keeps the others; null returns the colour to the default.
      assert.equal((await patch({ settings: { widget: { launcherText: { en: 'Ask the library' }, color: null } } })).status, 200);
      const after = (await widget()).look;
      assert.equal(after.color, null);
      assert.equal(after.position, 'bottom-left');
      assert.deepEqual(after.launcherText, { fi: 'Kysy kirjastolta', sv: 'Fråga biblioteket', en: 'Ask the library' });
    });

    test('exceptions are stored as given and bad ones refused with a message at the field', async () => {
      const exceptions = [
        { from: '2026-12-24', periods: [['09:00', '12:00']], label: { fi: 'Jouluaatto', sv: 'Julafton' } },
        { from: '2026-12-25', to: '2026-12-26', periods: [] },
      ];
      const response = await patch({ settings: { openingExceptions: exceptions } });
      const text = await response.text();
      assert.equal(response.status, 200, text);
      assert.deepEqual((JSON.parse(text) as { settings: { openingExceptions: unknown } }).settings.openingExceptions, exceptions);
      const cases: [unknown, string, RegExp][] = [
        [[{ from: '2026-02-30', periods: [] }], 'body.settings.openingExceptions.0.from', /päivämäärä muodossa VVVV-KK-PP/],
        [[{ from: '2026-12-26', to: '2026-12-24', periods: [] }], 'body.settings.openingExceptions.0.to', /viimeinen päivä/],
        [[{ from: '2026-12-24', periods: [['12:00', '09:00']] }], 'body.settings.openingExceptions.0.periods', /alettava ennen/],
        [[{ from: '2026-12-24', periods: [], label: { de: 'Heiligabend' } }], 'body.settings.openingExceptions.0.label', /de/],
      ];
      for (const [list, path, message] of cases) {
        const refused = await patch({ settings: { openingExceptions: list } }, { language: 'fi' });
        const body = (await refused.json()) as ErrorBody;
        assert.equal(refused.status, 400, JSON.stringify(body));
        const issue = body.error.details?.issues?.[0];
        assert.equal(issue?.path, path, JSON.stringify(body));
        assert.match(issue?.message ?? '', message, JSON.stringify(body));
      }
      const stored = (await (await app.request('/api/v1/library', { cookie: admin })).json()) as {
        settings: { openingExceptions: unknown };
      };
      assert.deepEqual(stored.settings.openingExceptions, exceptions);
    });

    test('the widget says closed on a holiday and open on a special day, against the week', async () => {
      await patch({ settings: { openingHours: { chat: allDay }, openingExceptions: [] } });
      assert.equal((await widget()).chat.open, true);
      // Closed from yesterday to tomorrow (today whatever the clock): next opening the day after.
      await patch({ settings: { openingExceptions: [{ from: helsinkiDay(-1), to: helsinkiDay(1), periods: [] }] } });
      const closed = await widget();
      assert.equal(closed.chat.open, false);
      assert.ok(closed.chat.nextOpening);
      assert.equal(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date(closed.chat.nextOpening)),
        helsinkiDay(2),
      );
      // A week with no chat hours at all, but a special day open around the clock today.
      await patch({
        settings: {
          openingHours: { chat: {} },
          openingExceptions: [{ from: helsinkiDay(-1), to: helsinkiDay(1), periods: [['00:00', '24:00']] }],
        },
      });
      assert.equal((await widget()).chat.open, true);
    });

    test('If-Match: a save on the current version passes, one on an old version is 409 and changes nothing', async () => {
      const read = async () =>
        (await (await app.request('/api/v1/library', { cookie: admin })).json()) as { version: string; settings: unknown };
      const first = await read();
      const saved = await patch({ settings: { contact: { phone: '09 1' } } }, { ifMatch: `"${first.version}"` });
      assert.equal(saved.status, 200, await saved.text());
      const second = await read();
      assert.notEqual(second.version, first.version);
      const stale = await patch({ settings: { contact: { phone: '09 2' } } }, { ifMatch: `"${first.version}"`, language: 'sv' });
      assert.equal(stale.status, 409);
      const body = (await stale.json()) as ErrorBody & { error: { details: { reason: string } } };
      assert.equal(body.error.details.reason, 'settings_changed');
      assert.match(body.error.message, /Någon annan sparade/);
      assert.deepEqual(await read(), second);
    });

    test('a supervisor may read the settings but not change them', async () => {
      assert.equal((await app.request('/api/v1/library', { cookie: supervisor })).status, 200);
      const response = await patch({ settings: { widget: { position: 'bottom-left' } } }, { cookie: supervisor });
      assert.equal(response.status, 403);
    });
  });
}
