// Sign-in and password hardening: a wrong password costs the same hashing work however many
// accounts share the email; wrong passwords are counted per address in the database and slow
// guessing down (429 with the wait, across instances, the same for addresses without an
// account); passwords that are easy to guess are refused with the reason in the caller's
// language, wherever a password is set.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Language } from '../../src/contract/languages.js';
import { emailKey } from '../../src/domains/accounts/throttle.js';
import { passwordVerifications } from '../../src/platform/auth/passwords.js';
import { t } from '../../src/platform/i18n.js';
import { onlyOnPostgres, startTestApp, useTwoInstances, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

const suffix = () => randomBytes(4).toString('hex');
const STRONG = 'hevonen satula akku';

interface ErrorBody {
  error: { code: string; message: string; details?: { seconds?: number; issues?: { path: string; message: string }[] } };
}

async function login(app: TestApp, body: { email: string; password: string; library?: string }, language: Language = 'en') {
  const response = await app.request('/api/v1/auth/login', { json: body, headers: { 'accept-language': language } });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: JSON.parse(text) as ErrorBody };
}

/** A sign-in attempt and the password verifications it cost. */
async function measured(app: TestApp, body: { email: string; password: string; library?: string }) {
  const before = passwordVerifications();
  const result = await login(app, body);
  return { status: result.status, code: result.body.error?.code, verifications: passwordVerifications() - before };
}

for (const backend of testBackends()) {
  describe(`sign-in hardening [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      // The per-client limit would otherwise stop these tests before the per-address one.
      app = await startTestApp(backend, { KANAVA_LOGIN_RATE_LIMIT: '100000' });
    });
    after(() => app.close());

    test('a wrong password costs one verification, however many libraries share the email', async () => {
      const libraries = await Promise.all([1, 2, 3].map(() => buildLibrary(app.db)));
      const shared = `shared-${suffix()}@example.test`;
      const accounts = [];
      for (const library of libraries) accounts.push(await buildAccount(app.db, library, { email: shared }));
      const single = await buildAccount(app.db, libraries[0]!);
      const wrong = 'not the password at all';
      const cases: [string, { email: string; password: string; library?: string }][] = [
        ['no account', { email: `nobody-${suffix()}@example.test`, password: wrong }],
        ['one account', { email: single.email, password: wrong }],
        ['three accounts, no library named', { email: shared, password: wrong }],
        ['three accounts, one library named', { email: shared, password: wrong, library: libraries[1]!.slug }],
        ['three accounts, a library without one named', { email: shared, password: wrong, library: `none-${suffix()}` }],
      ];
      for (const [label, body] of cases) {
        assert.deepEqual(await measured(app, body), { status: 401, code: 'invalid_credentials', verifications: 1 }, label);
      }
      // The right password, proven on the first account, may then be tried on the others to
      // offer the libraries it opens.
      const right = await login(app, { email: shared, password: accounts[0]!.password });
      assert.equal(right.status, 409);
      assert.equal(right.body.error.code, 'choose_library');
      const chosen = await login(app, { email: shared, password: accounts[0]!.password, library: libraries[2]!.slug });
      assert.equal(chosen.status, 200);
    });

    test('a failed sign-in is audited on the one account whose password was checked', async () => {
      const [first, second] = [
        await buildLibrary(app.db, { slug: `a-${suffix()}` }),
        await buildLibrary(app.db, { slug: `z-${suffix()}` }),
      ];
      const email = `audited-${suffix()}@example.test`;
      const a = await buildAccount(app.db, first, { email });
      const b = await buildAccount(app.db, second, { email });
      assert.equal((await login(app, { email, password: 'wrong password here' })).status, 401);
      assert.equal((await login(app, { email, password: 'wrong password here', library: second.slug })).status, 401);
      const failures = await app.db
        .selectFrom('audit_log')
        .select(['target_id'])
        .where('action', '=', 'auth.sign_in_failed')
        .where('target_id', 'in', [a.id, b.id])
        .execute();
      assert.deepEqual(failures.map((f) => f.target_id).sort(), [a.id, b.id].sort());
    });

    test('after five wrong passwords the address waits, told how long; the right password then signs in and clears the count', async () => {
      const library = await buildLibrary(app.db);
      const account = await buildAccount(app.db, library);
      for (let i = 0; i < 5; i++) assert.equal((await login(app, { email: account.email, password: `wrong guess ${i}` })).status, 401);
      // Even the right password waits: checking it would let guessing go on.
      const refused = await login(app, { email: account.email, password: account.password }, 'sv');
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, 'rate_limited');
      assert.equal(refused.retryAfter, '1');
      assert.equal(refused.body.error.details?.seconds, 1);
      assert.equal(refused.body.error.message, t('sv', 'error.rate_limited', { seconds: 1 }));
      await sleep(1100);
      assert.equal((await login(app, { email: account.email, password: account.password })).status, 200);
      // The count starts again: five more wrong passwords before any wait.
      for (let i = 0; i < 5; i++) assert.equal((await login(app, { email: account.email, password: `wrong again ${i}` })).status, 401);
      assert.equal((await login(app, { email: account.email, password: account.password })).status, 429);
    });

    test('an address without an account is counted and refused the same way', async () => {
      const email = `ghost-${suffix()}@example.test`;
      for (let i = 0; i < 5; i++) assert.equal((await login(app, { email, password: `wrong guess ${i}` })).status, 401);
      const refused = await login(app, { email, password: 'another guess' });
      assert.equal(refused.status, 429);
      assert.equal(refused.retryAfter, '1');
      const rows = await app.db.selectFrom('sign_in_throttle').selectAll().where('email_hash', '=', emailKey(email)).execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.failures, 5);
      assert.ok(!JSON.stringify(rows).includes('ghost'), 'the address is stored only as a hash');
    });

    test('the wait doubles up to 15 minutes, and is forgotten 15 minutes after it ends', async () => {
      const library = await buildLibrary(app.db);
      const account = await buildAccount(app.db, library);
      const key = emailKey(account.email);
      const now = Date.now();
      // Fourteen failures in a row: the last one set a wait of 2^9 s.
      await app.db
        .insertInto('sign_in_throttle')
        .values({ email_hash: key, failures: 14, last_failed_at: new Date(now), blocked_until: new Date(now + 512_000) })
        .execute();
      const refused = await login(app, { email: account.email, password: account.password }, 'fi');
      assert.equal(refused.status, 429);
      assert.ok(Number(refused.retryAfter) > 500 && Number(refused.retryAfter) <= 512, `Retry-After ${refused.retryAfter}`);
      // Once the wait is over, one wrong attempt sets the longest wait.
      await app.db
        .updateTable('sign_in_throttle')
        .set({ blocked_until: new Date(Date.now() - 1000) })
        .where('email_hash', '=', key)
        .execute();
      assert.equal((await login(app, { email: account.email, password: 'still guessing' })).status, 401);
      const capped = await login(app, { email: account.email, password: account.password });
      assert.equal(capped.status, 429);
      assert.ok(Number(capped.retryAfter) > 890 && Number(capped.retryAfter) <= 900, `Retry-After ${capped.retryAfter}`);
      // Long after the wait ended, the count is forgotten: a wrong password costs no wait.
      await app.db
        .updateTable('sign_in_throttle')
        .set({ blocked_until: new Date(Date.now() - 16 * 60_000) })
        .where('email_hash', '=', key)
        .execute();
      assert.equal((await login(app, { email: account.email, password: 'one more typo' })).status, 401);
      const row = await app.db.selectFrom('sign_in_throttle').selectAll().where('email_hash', '=', key).executeTakeFirstOrThrow();
      assert.equal(row.failures, 1);
      assert.equal((await login(app, { email: account.email, password: account.password })).status, 200);
    });

    test('an admin cannot give a new account a password that is easy to guess; the reason is in the caller’s language', async () => {
      const library = await buildLibrary(app.db, { slug: `kirkkonummi-${suffix()}` });
      const cookie = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      const email = `maija.meikalainen-${suffix()}@kirkkonummi.example`;
      const cases: [string, string | undefined][] = [
        ['1234567890', 'validation.password_common'],
        ['password12', 'validation.password_common'],
        [' '.repeat(10), 'validation.password_repeat'],
        ['meikalainen1', 'validation.password_personal'],
        [`${library.slug.split('-')[0]}2025`, 'validation.password_personal'],
        ['salasana123', undefined],
        ['lösenord123', undefined],
        ['bibliotek2024', undefined],
      ];
      for (const [password, key] of cases) {
        for (const language of ['fi', 'sv', 'en'] as const) {
          const response = await app.request('/api/v1/accounts', {
            cookie,
            headers: { 'accept-language': language },
            json: { email, displayName: 'Maija Meikäläinen', role: 'staff', password },
          });
          assert.equal(response.status, 400, `${JSON.stringify(password)} (${language})`);
          const { error } = (await response.json()) as ErrorBody;
          assert.equal(error.code, 'validation_failed');
          const issue = error.details?.issues?.[0];
          assert.equal(issue?.path, 'body.password');
          if (key) assert.equal(issue?.message, t(language, key), `${JSON.stringify(password)} (${language})`);
          else assert.match(issue?.message ?? '', language === 'fi' ? /^salasana / : language === 'sv' ? /^lösenordet / : /^the password /);
        }
      }
      const none = await app.db.selectFrom('accounts').select('id').where('email', '=', email).execute();
      assert.deepEqual(none, [], 'no account was created');
      const created = await app.request('/api/v1/accounts', {
        cookie,
        json: { email, displayName: 'Maija Meikäläinen', role: 'staff', password: STRONG },
      });
      assert.equal(created.status, 201);
    });

    test('a new password that is easy to guess is refused and the old one keeps working', async () => {
      const library = await buildLibrary(app.db);
      const account = await buildAccount(app.db, library, { displayName: 'Ville Vallaton' });
      const cookie = await app.signIn(account);
      for (const newPassword of ['qwertyuiop', 'vallaton2024', account.email]) {
        const response = await app.request('/api/v1/auth/password', {
          cookie,
          headers: { 'accept-language': 'sv' },
          json: { currentPassword: account.password, newPassword },
        });
        assert.equal(response.status, 400, newPassword);
        const { error } = (await response.json()) as ErrorBody;
        assert.equal(error.details?.issues?.[0]?.path, 'body.newPassword');
        assert.match(error.message, /lösenordet/);
      }
      assert.equal((await login(app, { email: account.email, password: account.password })).status, 200);
      const changed = await app.request('/api/v1/auth/password', {
        cookie,
        json: { currentPassword: account.password, newPassword: STRONG },
      });
      assert.equal(changed.status, 204);
      assert.equal((await login(app, { email: account.email, password: STRONG })).status, 200);
    });
  });
}

describe('the sign-in wait across instances', onlyOnPostgres, () => {
  const instances = useTwoInstances({ KANAVA_LOGIN_RATE_LIMIT: '100000' });

  test('failures on one instance make the other wait, and one attempt per wait gets through', async () => {
    const { a, b } = instances;
    const library = await buildLibrary(a.db);
    const account = await buildAccount(a.db, library);
    for (let i = 0; i < 5; i++) assert.equal((await login(i % 2 ? a : b, { email: account.email, password: `wrong ${i}` })).status, 401);
    assert.equal((await login(b, { email: account.email, password: account.password })).status, 429);
    await sleep(1100);
    // Two guesses at once, one per instance, as the wait ends: only one is checked.
    const statuses = (
      await Promise.all([login(a, { email: account.email, password: 'guess a' }), login(b, { email: account.email, password: 'guess b' })])
    )
      .map((r) => r.status)
      .sort();
    assert.deepEqual(statuses, [401, 429]);
  });
});
