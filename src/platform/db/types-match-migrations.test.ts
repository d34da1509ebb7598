// types.ts is written by hand and Kysely believes every word of it: a migration that adds,
// drops or loosens a column without the same change there still compiles. This test migrates
// a fresh database on each backend and compares its tables with the row types as TypeScript
// resolves them; the tests after it show that the comparison does catch drift.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, testBackends, type TestDatabase } from '../../../test/support/backends.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';
import { readRowTypes } from './row-types.js';
import { checkConstraintValues, compareSchema, type DbColumn, type DbTable, type TsTable } from './schema-drift.js';
import { introspectSchema } from './schema-introspect.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
let rowTypes: TsTable[] | undefined;
const realRowTypes = () => (rowTypes ??= readRowTypes(here('./types.ts')));

for (const backend of testBackends()) {
  describe(`types.ts against the migrated schema [${backend}]`, () => {
    let testDatabase: TestDatabase;
    let database: Database | undefined;
    before(async () => {
      testDatabase = await createTestDatabase(backend);
      // The embedded database starts in its worker thread while the compiler reads types.ts here.
      const opening = openDatabase(testDatabase.target);
      try {
        realRowTypes();
      } finally {
        database = await opening;
      }
      await migrate(database.db);
    });
    after(async () => {
      await database?.close();
      await testDatabase?.drop();
    });

    test('every table and column agrees with its row type', async () => {
      const schema = await introspectSchema(database!.db);
      const problems = compareSchema(schema, realRowTypes());
      assert.deepEqual(problems, [], `src/platform/db/types.ts has drifted from the migrations:\n  ${problems.join('\n  ')}\n`);
      // Not vacuous: the tables were there to compare.
      assert.ok(schema.some((table) => table.name === 'conversations' && table.columns.length > 10));
    });
  });
}

// A small schema and row types for it, the types read from in-memory files by the same
// compiler path as types.ts. The status union comes from another module and directory through
// aliases, as the contract unions will once they move to src/contract/.
const fixtureFile = here('./drift-fixture.ts');
const contractFile = here('../../contract/drift-fixture.ts');
const contract = `export const TICKET_STATUSES = ['open', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];\n`;
const goodTypes = `
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { TicketStatus } from '../../contract/drift-fixture.js';
type Status = TicketStatus;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
export interface TicketsTable {
  id: Generated<string>;
  number: GeneratedAlways<number>;
  status: Defaulted<Status>;
  note: string | null;
  details: ColumnType<{ tags: string[] }, string, string>;
  created_at: Generated<Date>;
}
export interface DB { tickets: TicketsTable }
`;

const column = (name: string, sqlType: string, returns: DbColumn['returns'], extra: Partial<DbColumn> = {}): DbColumn => ({
  name,
  sqlType,
  returns,
  nullable: false,
  hasDefault: false,
  generatedAlways: false,
  allowed: undefined,
  ...extra,
});
const fixtureSchema = (): DbTable[] => [
  {
    name: 'tickets',
    columns: [
      column('id', 'uuid', 'string', { hasDefault: true }),
      column('number', 'bigint', 'number', { generatedAlways: true }),
      column('status', 'text', 'string', { hasDefault: true, allowed: ['open', 'closed'] }),
      column('note', 'text', 'string', { nullable: true }),
      column('details', 'jsonb', 'json'),
      column('created_at', 'timestamp with time zone', 'Date', { hasDefault: true }),
    ],
  },
];
const readFixture = (types: string) => readRowTypes(fixtureFile, { sources: { [fixtureFile]: types, [contractFile]: contract } });

describe('comparing the schema with the row types', () => {
  test('agreeing descriptions give no mismatches, with unions resolved through imports and aliases', () => {
    const tables = readFixture(goodTypes);
    assert.deepEqual(tables[0]?.columns.find((c) => c.name === 'status')?.select.literals, ['open', 'closed']);
    assert.deepEqual(compareSchema(fixtureSchema(), tables), []);
  });

  test('each kind of drift in the row types is named', () => {
    const drifted = goodTypes
      .replace('number: GeneratedAlways<number>;', 'number: Generated<string>;')
      .replace('status: Defaulted<Status>;', `status: ColumnType<Status, Status | 'draft' | undefined, Status>;`)
      .replace('note: string | null;', 'note: string;\n  priority: number;')
      .replace('created_at: Generated<Date>;', 'created_at: Date | undefined;')
      .replace(/\s*id: Generated<string>;/, '');
    assert.deepEqual(
      compareSchema(
        fixtureSchema(),
        readRowTypes(fixtureFile, {
          sources: { [fixtureFile]: drifted, [contractFile]: contract.replace(`'closed'`, `'closed', 'lost'`) },
        }),
      ),
      [
        'tickets.id: column in the database (uuid), missing from types.ts',
        'tickets.number: bigint comes back as number, but the select type is string',
        'tickets.number: generated always in the database, but the insert type string | undefined accepts values: use GeneratedAlways<>',
        `tickets.status: the literal union and the database's allowed values differ (only in types.ts: 'lost')`,
        `tickets.status: the insert type accepts 'draft', which the database refuses`,
        'tickets.note: nullable in the database, but the select type string has no null',
        'tickets.created_at: the select type Date | undefined allows undefined, which the database never returns',
        'tickets.priority: in types.ts, not a column in the database',
      ],
    );
  });

  test('drift on the database side is named', () => {
    const schema = fixtureSchema();
    const tickets = schema[0]!;
    tickets.columns = tickets.columns.map((c) => {
      if (c.name === 'status') return { ...c, allowed: ['open', 'closed', 'archived'] };
      if (c.name === 'note') return { ...c, nullable: false, hasDefault: false, allowed: ['a'] };
      if (c.name === 'details') return { ...c, returns: undefined, sqlType: 'tsrange' };
      if (c.name === 'created_at') return { ...c, hasDefault: false, nullable: false, returns: 'string' };
      return c;
    });
    schema.push({ name: 'tags', columns: [column('id', 'uuid', 'string')] });
    assert.deepEqual(compareSchema(schema, readFixture(goodTypes)), [
      `tickets.status: the literal union and the database's allowed values differ (only in the database: 'archived')`,
      'tickets.note: NOT NULL in the database, but the select type string | null allows null',
      `tickets.note: the database allows only 'a', but types.ts says string | null: use the literal union`,
      'tickets.note: NOT NULL in the database, but the insert type string | null accepts null',
      'tickets.note: NOT NULL in the database, but the update type string | null accepts null',
      'tickets.details: the checker does not know what the driver returns for tsrange: add a sample to schema-introspect.ts',
      'tickets.created_at: timestamp with time zone comes back as string, but the select type is Date',
      'tickets.created_at: NOT NULL without a default, but the insert type Date | undefined lets an insert leave it out',
      'tags: table in the database, missing from the DB interface in types.ts',
    ]);
  });

  test('a union without a CHECK behind it, and a row type that does not compile, are refused', () => {
    const schema = fixtureSchema();
    schema[0]!.columns[2] = { ...schema[0]!.columns[2]!, allowed: undefined };
    assert.deepEqual(compareSchema(schema, readFixture(goodTypes)), [
      `tickets.status: types.ts narrows it to 'open', 'closed', but no CHECK (… IN (…)) limits the database to them`,
    ]);
    assert.throws(() => readFixture(goodTypes.replace('../../contract/drift-fixture.js', './gone.js')), /does not compile/);
  });

  test('the values of CHECK constraints, in the forms PostgreSQL prints them', () => {
    assert.deepEqual(checkConstraintValues(`CHECK ((role = ANY (ARRAY['admin'::text, 'staff'::text])))`, 'role'), ['admin', 'staff']);
    assert.deepEqual(
      checkConstraintValues(`CHECK (((role)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))`, 'role'),
      ['a', 'b'],
    );
    assert.deepEqual(checkConstraintValues(`CHECK ((kind = 'it''s (x) OR y'::text))`, 'kind'), [`it's (x) OR y`]);
    assert.deepEqual(checkConstraintValues(`CHECK (((kind = 'a'::text) OR (kind = 'b'::text)))`, 'kind'), ['a', 'b']);
    assert.deepEqual(checkConstraintValues(`CHECK (("Kind" = ANY (ARRAY['a'::text])))`, 'Kind'), ['a']);
    // Not a list of values: a pattern, another column, or a list that also lets other values through.
    assert.equal(checkConstraintValues(`CHECK ((slug ~ '^[a-z]+$'::text))`, 'slug'), undefined);
    assert.equal(checkConstraintValues(`CHECK ((role = ANY (ARRAY['a'::text])))`, 'kind'), undefined);
    assert.equal(checkConstraintValues(`CHECK (((role = 'a'::text) OR (length(role) > 3)))`, 'role'), undefined);
  });
});
