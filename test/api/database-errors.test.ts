// The safety net behind the schemas: what PostgreSQL itself refuses (on either backend, with
// the SQLSTATE fields surviving the PGlite worker) becomes a 4xx that names no SQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { insertAccount, isEmailTaken } from '../../src/domains/accounts/store.js';
import Fastify, { type FastifyError } from 'fastify';
import type { App } from '../../src/platform/http/app.js';
import { answerFrameworkError, errorBody, registerErrorHandling, toAppError } from '../../src/platform/http/errors.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail('the statement succeeded');
}

for (const backend of testBackends()) {
  describe(`database errors [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    const refusals: [string, string][] = [
      ['invalid text representation (22P02)', `SELECT 'x'::int`],
      ['numeric out of range (22003)', 'SELECT 3000000000::int4'],
      ['datetime field overflow (22008)', `SELECT '2026-13-45'::date`],
      ['invalid datetime format (22007)', `SELECT 'eilen'::date`],
      ['NUL in text (22021 / 22P05)', `SELECT convert_from('\\x410042'::bytea, 'UTF8')`],
      ['NUL in jsonb (22P05)', `SELECT '"\\u0000"'::jsonb::text`],
    ];
    for (const [name, statement] of refusals) {
      test(`${name} answers 400 validation_failed without SQL`, async () => {
        const error = await failure(() => sql.raw(statement).execute(app.db));
        assert.match(String((error as { code?: unknown }).code), /^22/);
        const appError = toAppError(error);
        assert.equal(appError?.status, 400);
        assert.equal(appError.code, 'validation_failed');
        for (const language of ['fi', 'sv', 'en'] as const) {
          const text = JSON.stringify(errorBody(appError, language));
          assert.doesNotMatch(text, /SELECT|int4|jsonb|bytea|syntax|::/i, text);
        }
      });
    }

    test('a unique violation answers 409; on an account email it is email_taken', async () => {
      const library = await buildLibrary(app.db);
      const account = await buildAccount(app.db, library);
      const duplicate = await failure(() =>
        insertAccount(app.db, {
          libraryId: library.id,
          email: account.email.toUpperCase(),
          displayName: 'Again',
          role: 'staff',
          language: 'fi',
          passwordHash: 'x',
        }),
      );
      assert.equal(isEmailTaken(duplicate), true);
      assert.equal(toAppError(duplicate)?.status, 409);
      assert.equal(toAppError(duplicate)?.code, 'conflict');
      const rows = await app.db.selectFrom('accounts').select('id').where('library_id', '=', library.id).execute();
      assert.equal(rows.length, 1);
      // Another library may use the same email (accounts belong to one library).
      assert.ok(await buildAccount(app.db, await buildLibrary(app.db), { email: account.email }));
    });

    test('a reference to a record that does not exist answers 409, not 500', async () => {
      const error = await failure(() =>
        insertAccount(app.db, {
          libraryId: randomUUID(),
          email: 'x@example.test',
          displayName: 'X',
          role: 'staff',
          language: 'fi',
          passwordHash: 'x',
        }),
      );
      assert.equal((error as { code?: unknown }).code, '23503');
      assert.equal(isEmailTaken(error), false);
      const appError = toAppError(error);
      assert.equal(appError?.status, 409);
      assert.doesNotMatch(errorBody(appError, 'sv').error.message, /foreign|constraint|accounts/i);
    });

    test('other database failures stay unknown (500, logged), not a 4xx that hides a bug', async () => {
      const error = await failure(() => sql.raw('SELECT * FROM no_such_table').execute(app.db));
      assert.equal((error as { code?: unknown }).code, '42P01');
      assert.equal(toAppError(error), undefined);
      // Data exceptions no caller's value can cause are our statements' faults.
      const division = await failure(() => sql.raw('SELECT 1 / 0').execute(app.db));
      assert.equal((division as { code?: unknown }).code, '22012');
      assert.equal(toAppError(division), undefined);
      const notNull = await failure(() => sql`INSERT INTO libraries (slug, name) VALUES (${'null-name'}, NULL)`.execute(app.db));
      assert.equal((notNull as { code?: unknown }).code, '23502');
      assert.equal(toAppError(notNull), undefined);
    });

    test('a refusal is logged without the values it quotes (names, emails, bodies); every 500 is logged', async () => {
      const library = await buildLibrary(app.db);
      const account = await buildAccount(app.db, library, { email: 'maija.meikalainen@example.test', displayName: 'Maija Meikäläinen' });
      const lines: string[] = [];
      const logged = Fastify({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
      registerErrorHandling(logged as unknown as App);
      const statements: Record<string, () => Promise<unknown>> = {
        duplicate: () =>
          sql`INSERT INTO accounts (library_id, email, display_name, role, password_hash)
              VALUES (${library.id}, ${account.email}, ${'Maija Meikäläinen'}, 'staff', 'x')`.execute(app.db),
        'bad-number': () => sql`SELECT ${'maija.meikalainen@example.test'}::int`.execute(app.db),
        division: () => sql`SELECT length(${'Maija Meikäläinen'}) / 0`.execute(app.db),
      };
      logged.get('/:statement', async (request) => statements[(request.params as { statement: string }).statement]!());
      // A framework error of a kind not mapped (raised before routing in real use).
      const unmapped = Object.assign(new Error('something new'), { code: 'FST_ERR_SOMETHING_NEW' }) as FastifyError;
      logged.get('/framework/unmapped', (request, reply) => answerFrameworkError(unmapped, request, reply));
      try {
        assert.equal((await logged.inject('/framework/unmapped')).statusCode, 500);
        assert.equal((await logged.inject('/duplicate')).statusCode, 409);
        assert.equal((await logged.inject('/bad-number')).statusCode, 400);
        assert.equal((await logged.inject('/division')).statusCode, 500);
      } finally {
        await logged.close();
      }
      const warnings = lines.map((line) => JSON.parse(line) as { msg: string; database?: Record<string, string> });
      const refused = warnings.filter((line) => line.msg === 'database refused the request');
      assert.deepEqual(
        refused.map((line) => line.database),
        [{ code: '23505', constraint: 'accounts_library_email', table: 'accounts' }, { code: '22P02' }],
      );
      assert.ok(
        warnings.some((line) => line.msg === 'request failed'),
        'the 500 is logged',
      );
      assert.ok(
        warnings.some((line) => line.msg === 'request failed before routing'),
        'an unmapped framework error is logged',
      );
      const all = lines.join('\n');
      assert.doesNotMatch(all, /maija|meik/i, all);
    });
  });
}
