// Background failures are reported without the values a database error can quote.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeFailure } from './background-failure.js';
import { openDatabase, type Database } from './db/database.js';

let database: Database;
before(async () => {
  database = await openDatabase({ kind: 'pglite-memory' });
  await sql`CREATE TABLE people (email text UNIQUE, id uuid)`.execute(database.db);
  await sql`INSERT INTO people (email) VALUES ('matti.meikalainen@example.fi')`.execute(database.db);
});
after(() => database.close());

async function failureOf(query: Promise<unknown>): Promise<unknown> {
  try {
    await query;
  } catch (error) {
    return error;
  }
  throw new Error('the query was expected to fail');
}

test('a database error is described by its SQLSTATE and names, never by the values it quotes', async () => {
  const duplicate = await failureOf(sql`INSERT INTO people (email) VALUES ('matti.meikalainen@example.fi')`.execute(database.db));
  assert.equal(describeFailure(duplicate), 'database error 23505 (people, people_email_key)');

  const badUuid = await failureOf(sql`INSERT INTO people (id) VALUES (${'matti.meikalainen@example.fi'}::uuid)`.execute(database.db));
  // The server's own message quotes the input: it must not reach the report.
  assert.match(String((badUuid as Error).message), /matti/);
  assert.equal(describeFailure(badUuid), 'database error 22P02');
});

test('other errors keep their name and message; anything else is stringified', () => {
  assert.equal(describeFailure(new TypeError('x is not a function')), 'TypeError: x is not a function');
  assert.equal(describeFailure('plain'), 'plain');
});
