// `kanava library create|list` run as the real CLI in a child process, on an embedded data
// directory and on PostgreSQL; the admin it prints then signs in over HTTP to a server on the
// same database and sees only their own library.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../platform/config.js';
import type { DatabaseTarget } from '../platform/db/database.js';
import { startRuntime, type Runtime } from '../server/runtime.js';
import { createTestDatabase, testBackends, type TestDatabase } from '../../test/support/backends.js';

const root = new URL('../../', import.meta.url).pathname;

function runKanava(args: string[], env: Record<string, string>) {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // The parent's settings must not choose the database or the password for the child.
  delete base.DATABASE_URL;
  delete base.KANAVA_DATA_DIR;
  delete base.KANAVA_ADMIN_PASSWORD;
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: root,
    env: { ...base, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

interface Server {
  runtime: Runtime;
  request(path: string, init?: { json?: unknown; cookie?: string }): Promise<Response>;
}

async function serve(target: DatabaseTarget): Promise<Server> {
  const config = loadConfig({ LOG_LEVEL: 'silent', KANAVA_SEED_DEMO: '0', KANAVA_LOGIN_RATE_LIMIT: '1000' });
  const runtime = await startRuntime(config, target);
  const base = await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    runtime,
    request: (path, init = {}) =>
      fetch(`${base}${path}`, {
        method: init.json === undefined ? 'GET' : 'POST',
        headers: {
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(init.cookie ? { cookie: init.cookie } : {}),
        },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      }),
  };
}

// Usage is checked before the database is opened, so these need no backend: the data
// directory must stay empty, which also shows that nothing was created.
describe('kanava library usage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanava-library-usage-'));
  const kanava = (args: string[], env: Record<string, string> = {}) => runKanava(args, { KANAVA_DATA_DIR: dataDir, ...env });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('bad usage exits 2 with a message naming the problem, and opens no database', () => {
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['library', 'create', '--name', 'X', '--admin-email', 'a@b.example'], /--slug is required/],
      [['library', 'create', '--slug', 'Not_A_Slug', '--name', 'X', '--admin-email', 'a@b.example'], /--slug: library slug/],
      [['library', 'create', '--slug', 'ok-slug', '--name', 'X', '--admin-email', 'not-an-email'], /--admin-email: .*email/i],
      [['library', 'create', '--slug', 'ok-slug', '--admin-email', 'a@b.example'], /--name is required/],
      [
        ['library', 'create', '--slug', 'ok-slug', '--name', 'X', '--admin-email', 'a@b.example', '--time-zone', 'Mars/Base'],
        /--time-zone: unknown time zone/,
      ],
      [
        ['library', 'create', '--slug', 'ok-slug', '--name', 'X', '--admin-email', 'a@b.example', '--password', 'secret1234'],
        /Unknown option '--password'/,
      ],
      [
        ['library', 'create', '--slug', 'ok-slug', '--name', 'X', '--admin-email', 'a@b.example'],
        /KANAVA_ADMIN_PASSWORD: must be at least 10/,
        { KANAVA_ADMIN_PASSWORD: 'short' },
      ],
      [
        ['library', 'create', '--slug', 'ok-slug', '--name', 'X', '--admin-email', 'a@b.example'],
        /KANAVA_ADMIN_PASSWORD: the password is among the most common ones/,
        { KANAVA_ADMIN_PASSWORD: 'password12' },
      ],
      [
        ['library', 'create', '--slug', 'kirkkonummi', '--name', 'Kirkkonummen kirjasto', '--admin-email', 'maija@kirkkonummi.example'],
        /KANAVA_ADMIN_PASSWORD: the password contains the account's name or email address, or the library's name/,
        { KANAVA_ADMIN_PASSWORD: 'Kirkkonummi2026' },
      ],
      [['library', 'create', '--slug'], /argument missing/],
      [['library', 'frobnicate'], /unknown command "frobnicate"/],
      [['library', 'constructor'], /unknown command "constructor"/],
      [['library'], /which command/],
      [['library', 'list', 'extra'], /positional|Unexpected argument/i],
    ];
    for (const [args, message, env] of cases) {
      const result = kanava(args, env);
      assert.equal(result.status, 2, `${args.join(' ')} → ${result.status}: ${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
    }
    assert.deepEqual(readdirSync(dataDir), []);
  });

  test('--help for the group and each command', () => {
    for (const args of [
      ['library', '--help'],
      ['library', 'create', '--help'],
      ['library', 'list', '--help'],
    ]) {
      const result = kanava(args);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Usage: kanava library/);
    }
    assert.match(kanava(['library', 'create', '--help']).stdout, /KANAVA_ADMIN_PASSWORD/);
    assert.match(kanava(['--help']).stdout, /^ {2}library\b/m);
  });
});

for (const backend of testBackends()) {
  describe(`kanava library [${backend}]`, () => {
    let dataDir: string;
    let database: TestDatabase | undefined;
    let target: DatabaseTarget;
    let databaseEnv: Record<string, string>;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'kanava-library-cli-'));
      if (backend === 'postgres') {
        database = await createTestDatabase('postgres');
        target = database.target;
        databaseEnv = { DATABASE_URL: (target as { url: string }).url };
      } else {
        target = { kind: 'pglite', dataDir };
        databaseEnv = { KANAVA_DATA_DIR: dataDir };
      }
    });
    after(async () => {
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const kanava = (args: string[], env: Record<string, string> = {}) => runKanava(args, { ...databaseEnv, ...env });

    function listJson(): { slug: string; name: { fi: string; sv: string; en: string }; activeStaff: number }[] {
      const result = kanava(['library', 'list', '--json']);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as ReturnType<typeof listJson>;
    }

    const createArgs = (slug: string, email: string) => [
      'library',
      'create',
      '--slug',
      slug,
      '--name',
      `Kirjasto ${slug}`,
      '--name-sv',
      `Bibliotek ${slug}`,
      '--admin-email',
      email,
      '--admin-name',
      `Admin ${slug}`,
    ];

    test('create prints the admin once; list shows the library; the admin signs in and sees only it', async () => {
      // On PostgreSQL the command runs beside a server; the embedded database admits one process.
      let server = backend === 'postgres' ? await serve(target) : undefined;
      try {
        const first = kanava(createArgs('itakeskus', 'Admin@Itakeskus.example'));
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /Created library "itakeskus"/);
        const password = /Password:\s+(\S+)/.exec(first.stdout)?.[1];
        assert.ok(password && password.length >= 20, `a strong generated password in: ${first.stdout}`);
        const second = kanava(createArgs('kallio', 'admin@kallio.example'));
        assert.equal(second.status, 0, second.stderr);
        assert.notEqual(/Password:\s+(\S+)/.exec(second.stdout)?.[1], password, 'each password is random');

        const table = kanava(['library', 'list']);
        assert.equal(table.status, 0, table.stderr);
        assert.match(table.stdout, /^itakeskus\s+Kirjasto itakeskus\s+1$/m);
        assert.match(table.stdout, /^kallio\s+Kirjasto kallio\s+1$/m);
        assert.deepEqual(
          listJson().map((l) => [l.slug, l.name.sv, l.name.en, l.activeStaff]),
          [
            ['itakeskus', 'Bibliotek itakeskus', 'Kirjasto itakeskus', 1],
            ['kallio', 'Bibliotek kallio', 'Kirjasto kallio', 1],
          ],
        );

        server ??= await serve(target);
        const login = await server.request('/api/v1/auth/login', { json: { email: 'admin@itakeskus.example', password } });
        assert.equal(login.status, 200, await login.clone().text());
        const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
        const me = (await (await server.request('/api/v1/auth/me', { cookie })).json()) as {
          account: { role: string; displayName: string };
          library: { slug: string };
        };
        assert.equal(me.account.role, 'admin');
        assert.equal(me.account.displayName, 'Admin itakeskus');
        assert.equal(me.library.slug, 'itakeskus');
        const library = (await (await server.request('/api/v1/library', { cookie })).json()) as {
          slug: string;
          settings: { timeZone: string };
        };
        assert.equal(library.slug, 'itakeskus');
        assert.equal(library.settings.timeZone, 'Europe/Helsinki');
        const accounts = (await (await server.request('/api/v1/accounts', { cookie })).json()) as { items: { email: string }[] };
        assert.deepEqual(
          accounts.items.map((a) => a.email),
          ['admin@itakeskus.example'],
        );
        const audit = (await (await server.request('/api/v1/audit', { cookie })).json()) as {
          items: { action: string; actor: unknown; targetType: string; targetId: string; details: Record<string, unknown> }[];
        };
        // The log shows both: the library was created, and so was its first admin account.
        const libraryCreated = audit.items.find((e) => e.action === 'library.created');
        assert.ok(libraryCreated, 'the creation is in the new library’s audit log');
        assert.equal(libraryCreated.actor, null);
        assert.equal(libraryCreated.targetType, 'library');
        assert.deepEqual(libraryCreated.details, { slug: 'itakeskus', via: 'kanava library create' });
        const adminCreated = audit.items.find((e) => e.action === 'account.created');
        assert.ok(adminCreated, 'the first admin’s account is in the audit log');
        assert.equal(adminCreated.actor, null);
        assert.equal(adminCreated.targetType, 'account');
        assert.deepEqual(adminCreated.details, { role: 'admin', via: 'kanava library create' });
        assert.deepEqual(audit.items.map((e) => e.action).sort(), ['account.created', 'auth.sign_in', 'library.created']);
        assert.ok(!JSON.stringify(audit).includes(password), 'the password is not in the audit log');
      } finally {
        await server?.runtime.close();
      }
    });

    test('a password from KANAVA_ADMIN_PASSWORD is used and not printed', async () => {
      const chosen = 'a chosen passphrase 2026';
      const result = kanava(createArgs('pasila', 'admin@pasila.example'), { KANAVA_ADMIN_PASSWORD: chosen });
      assert.equal(result.status, 0, result.stderr);
      assert.ok(!result.stdout.includes(chosen));
      assert.match(result.stdout, /KANAVA_ADMIN_PASSWORD/);
      const server = await serve(target);
      try {
        const login = await server.request('/api/v1/auth/login', { json: { email: 'admin@pasila.example', password: chosen } });
        assert.equal(login.status, 200);
      } finally {
        await server.runtime.close();
      }
    });

    test('a slug in use is refused with a clear message, exit code 1, nothing created', () => {
      const before = listJson();
      const result = kanava(createArgs('kallio', 'other@kallio.example'));
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^kanava library create: library not created\. The slug "kallio" is already used by another library\./m);
      assert.doesNotMatch(result.stderr, /slug_taken/, 'a sentence, not the code');
      assert.deepEqual(listJson(), before);
    });

    test('list only reads: on a database not yet migrated it says to migrate, and migrates nothing', async () => {
      const freshDir = mkdtempSync(join(tmpdir(), 'kanava-library-fresh-'));
      const fresh = backend === 'postgres' ? await createTestDatabase('postgres') : undefined;
      const env: Record<string, string> = fresh ? { DATABASE_URL: (fresh.target as { url: string }).url } : { KANAVA_DATA_DIR: freshDir };
      try {
        const list = runKanava(['library', 'list'], env);
        assert.equal(list.status, 1, list.stderr);
        assert.match(list.stderr, /not up to date.*run "kanava migrate" first/s);
        const migrate = runKanava(['migrate'], env);
        assert.equal(migrate.status, 0, migrate.stderr);
        assert.match(migrate.stdout, /applied: 0001_core/, 'list applied nothing');
        const after = runKanava(['library', 'list'], env);
        assert.equal(after.status, 0, after.stderr);
        assert.match(after.stdout, /No libraries yet/);
      } finally {
        await fresh?.drop();
        rmSync(freshDir, { recursive: true, force: true });
      }
    });

    if (backend === 'pglite') {
      test('beside a running embedded server: refused with what to do, exit code 1', async () => {
        const server = await serve(target);
        try {
          const result = kanava(['library', 'list']);
          assert.equal(result.status, 1);
          assert.match(result.stderr, /in use by another Kanava process \(PID \d+\)/);
          assert.match(result.stderr, /stop "kanava start"/);
        } finally {
          await server.runtime.close();
        }
      });
    }
  });
}
