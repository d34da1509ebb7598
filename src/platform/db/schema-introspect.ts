// Describes the tables of a migrated database for schema-drift.ts: columns, types, nullability,
// defaults and the values CHECK constraints allow, read from pg_catalog (information_schema
// hides CHECK constraints' columns and identity details behind privileges and views).
import { sql, type Kysely } from 'kysely';
import { checkConstraintValues, type DbColumn, type DbTable, type ValueKind } from './schema-drift.js';

/** Bookkeeping of migrate.ts, not application data: Kysely never queries it through DB. */
const IGNORED_TABLES = new Set(['schema_migrations']);

/**
 * A value of each base type to ask the database for. What comes back says what the driver
 * does with the type on this backend (pg-types.ts parses int8 to a number, timestamptz stays a
 * Date, jsonb arrives parsed …), so the check follows the parsers instead of a copy of them.
 * Array types are sampled as '{}' and enums by their first label.
 */
const SAMPLES: Record<string, string> = {
  text: 'x',
  varchar: 'x',
  bpchar: 'x',
  citext: 'x',
  name: 'x',
  uuid: '00000000-0000-0000-0000-000000000000',
  int2: '1',
  int4: '1',
  int8: '1',
  numeric: '1',
  float4: '1',
  float8: '1',
  bool: 'true',
  timestamptz: '2026-01-01 00:00:00+00',
  timestamp: '2026-01-01 00:00:00',
  date: '2026-01-01',
  time: '00:00',
  timetz: '00:00+00',
  interval: '1 day',
  json: '{}',
  jsonb: '{}',
  bytea: '\\x00',
  inet: '127.0.0.1',
  cidr: '127.0.0.0/8',
  tsvector: 'x',
};

interface ColumnRow {
  table_name: string;
  column_name: string;
  sql_type: string;
  type_oid: number;
  type_name: string;
  type_type: string;
  type_category: string;
  not_null: boolean;
  has_default: boolean;
  identity: string;
  generated: string;
  enum_labels: string[] | null;
}

/** The public schema's tables (partitions and views left out), in creation order. */
export async function introspectSchema<T>(db: Kysely<T>): Promise<DbTable[]> {
  const { rows } = await sql<ColumnRow>`
    SELECT c.relname AS table_name,
           a.attname AS column_name,
           format_type(a.atttypid, a.atttypmod) AS sql_type,
           a.atttypid::int AS type_oid,
           t.typname AS type_name,
           t.typtype::text AS type_type,
           t.typcategory::text AS type_category,
           a.attnotnull AS not_null,
           a.atthasdef AS has_default,
           a.attidentity::text AS identity,
           a.attgenerated::text AS generated,
           (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS enum_labels
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE c.relnamespace = 'public'::regnamespace
      AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
    ORDER BY c.oid, a.attnum`.execute(db);

  const checks = await sql<{ table_name: string; column_name: string; definition: string }>`
    SELECT c.relname AS table_name, a.attname AS column_name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
    WHERE k.contype = 'c' AND c.relnamespace = 'public'::regnamespace AND cardinality(k.conkey) = 1`.execute(db);
  const allowedByCheck = new Map<string, string[]>();
  for (const check of checks.rows) {
    const values = checkConstraintValues(check.definition, check.column_name);
    if (!values) continue;
    // Two lists on one column: only values in both pass.
    const key = `${check.table_name}.${check.column_name}`;
    const before = allowedByCheck.get(key);
    allowedByCheck.set(key, before ? before.filter((value) => values.includes(value)) : values);
  }

  const returns = await sampleTypes(db, rows);
  const tables = new Map<string, DbColumn[]>();
  for (const row of rows) {
    if (IGNORED_TABLES.has(row.table_name)) continue;
    const columns = tables.get(row.table_name) ?? [];
    tables.set(row.table_name, columns);
    columns.push({
      name: row.column_name,
      sqlType: row.sql_type,
      returns: returns.get(row.type_oid),
      nullable: !row.not_null,
      hasDefault: row.has_default || row.identity === 'd',
      generatedAlways: row.identity === 'a' || row.generated !== '',
      allowed: allowedByCheck.get(`${row.table_name}.${row.column_name}`) ?? row.enum_labels ?? undefined,
    });
  }
  return [...tables].map(([name, columns]) => ({ name, columns }));
}

/** What the driver returns for each of the columns' types, by type oid (absent: no sample). */
async function sampleTypes<T>(db: Kysely<T>, rows: ColumnRow[]): Promise<Map<number, ValueKind>> {
  const samples = new Map<number, { type: string; value: string }>();
  for (const row of rows) {
    const value =
      row.type_category === 'A'
        ? '{}'
        : row.type_type === 'e'
          ? row.enum_labels?.[0]
          : row.type_type === 'b'
            ? SAMPLES[row.type_name]
            : undefined;
    if (value !== undefined) samples.set(row.type_oid, { type: row.type_name, value });
  }
  const kinds = new Map<number, ValueKind>();
  if (samples.size === 0) return kinds;
  // One query: CAST($n AS <type>) AS "<oid>". The types are pg_type names, quoted as identifiers.
  const columns = [...samples].map(([oid, { type, value }]) => sql`CAST(${value} AS ${sql.id(type)}) AS ${sql.id(String(oid))}`);
  const { rows: result } = await sql<Record<string, unknown>>`SELECT ${sql.join(columns)}`.execute(db);
  for (const [key, value] of Object.entries(result[0] ?? {})) kinds.set(Number(key), kindOf(value));
  return kinds;
}

function kindOf(value: unknown): ValueKind {
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'bigint':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}
