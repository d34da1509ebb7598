// The schemas' own rules (not zod's built-in ones) answer in the caller's language: each
// refusal below carries the catalogue text of fi, sv or en as asked, never an English literal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Language } from '../../src/contract/languages.js';
import { t } from '../../src/platform/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

interface Case {
  name: string;
  path: string;
  method: 'PATCH' | 'POST' | 'GET';
  json?: unknown;
  key: string;
}

for (const backend of testBackends()) {
  describe(`validation messages in the caller's language [${backend}]`, () => {
    let app: TestApp;
    let admin: string;
    let slug: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      admin = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
    });
    after(() => app.close());

    const cases = (): Case[] => {
      const settings = (json: unknown, key: string, name: string): Case => ({ name, path: '/api/v1/library', method: 'PATCH', json, key });
      const chats = `/api/v1/public/libraries/${slug}/chats`;
      return [
        settings({ settings: { openingHours: { chat: { mon: [['09:00', '25:00']] } } } }, 'validation.time_of_day', 'time of day'),
        settings({ settings: { openingHours: { chat: { mon: [['16:00', '09:00']] } } } }, 'validation.period_order', 'period order'),
        settings({ settings: { texts: { welcome: {} } } }, 'validation.text_one_language', 'text without a language'),
        // The library has no offline text yet: a first one in one language is merged and refused.
        settings({ settings: { texts: { offline: { fi: 'Soita' } } } }, 'validation.text_all_languages', 'new text in one language'),
        settings({ settings: { timeZone: 'Europe/Nowhere' } }, 'validation.time_zone', 'time zone'),
        settings({}, 'validation.name_or_settings', 'empty patch'),
        { name: 'slug', path: '/api/v1/public/libraries/Not_A_Slug/widget', method: 'GET', key: 'validation.slug' },
        {
          name: 'customer token',
          path: chats,
          method: 'POST',
          json: { language: 'fi', customerToken: 'short' },
          key: 'validation.customer_token',
        },
        {
          name: 'first message without client id',
          path: chats,
          method: 'POST',
          json: { language: 'fi', body: 'Hei', customerToken: randomBytes(32).toString('base64url') },
          key: 'validation.first_message_client_id',
        },
      ];
    };

    for (const language of ['fi', 'sv', 'en'] as const satisfies readonly Language[]) {
      test(`${language}: every rule of our own answers with its catalogue text`, async () => {
        for (const c of cases()) {
          const response = await app.request(c.path, {
            method: c.method,
            ...(c.json === undefined ? {} : { json: c.json }),
            cookie: admin,
            headers: { 'accept-language': language },
          });
          const text = await response.text();
          assert.equal(response.status, 400, `${c.name}: ${text}`);
          const { error } = JSON.parse(text) as { error: { code: string; details?: { issues?: { message: string }[] } } };
          assert.equal(error.code, 'validation_failed', `${c.name}: ${text}`);
          const messages = (error.details?.issues ?? []).map((issue) => issue.message);
          assert.ok(messages.includes(t(language, c.key)), `${c.name}: ${t(language, c.key)} not in ${JSON.stringify(messages)}`);
        }
      });
    }
  });
}
