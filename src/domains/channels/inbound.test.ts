import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { startTestApp, onlyOnPostgres, type TestApp } from '../../../test/support/app.js';
import { testBackends } from '../../../test/support/backends.js';
import { buildLibrary } from '../../../test/support/factories.js';
import { hashToken } from '../../platform/auth/tokens.js';
import type { DB } from '../../platform/db/types.js';
import { EventBus } from '../../platform/events.js';
import { openConversation, postMessage } from '../conversations/service.js';
import { insertCustomer } from '../customers/store.js';
import { receiveInbound } from './inbound.js';

async function countRows(db: Kysely<DB>, libraryId: string) {
  const count = async (table: 'customers' | 'conversations' | 'messages') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('library_id', '=', libraryId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { customers: await count('customers'), conversations: await count('conversations'), messages: await count('messages') };
}

for (const backend of testBackends()) {
  describe(`inbound messages [${backend}]`, () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(backend);
    });
    after(() => app.close());

    test('a known customer named without a conversation starts a new one, on every channel', async () => {
      const library = await buildLibrary(app.db);
      const deps = { db: app.db, bus: app.runtime.bus };
      for (const channel of ['email', 'chat'] as const) {
        const first = await receiveInbound(deps, {
          libraryId: library.id,
          channel,
          customer: { name: null, email: 'asiakas@example.test', language: 'fi' },
          language: 'fi',
          body: 'Ensimmäinen asia',
        });
        const later = await receiveInbound(deps, {
          libraryId: library.id,
          channel,
          customerId: first.customerId,
          language: 'fi',
          body: 'Uusi asia',
        });
        assert.equal(later.customerId, first.customerId);
        assert.notEqual(later.conversationId, first.conversationId, `${channel}: not appended to the earlier conversation`);
        const earlier = await app.db.selectFrom('messages').select('body').where('conversation_id', '=', first.conversationId).execute();
        assert.deepEqual(earlier, [{ body: 'Ensimmäinen asia' }]);
      }
    });
  });
}

// The retry branch of a start: the first start's transaction holds the token's customer row
// uncommitted, so the second start's insert waits on the unique index and fails once the
// first commits. Only PostgreSQL runs two transactions at once (PGlite serialises them).
describe('a start racing an uncommitted start with the same token [postgres]', onlyOnPostgres, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp('postgres');
  });
  after(() => app.close());

  test('continues the first start: one customer, one conversation, the message once', async () => {
    const library = await buildLibrary(app.db);
    const token = randomBytes(32).toString('base64url');
    const start = { language: 'fi', body: 'Hei', clientId: randomUUID(), customerToken: token };

    // The first start, as receiveInbound runs it, held open before its commit.
    const first = await app.db.startTransaction().execute();
    const customer = await insertCustomer(first, {
      libraryId: library.id,
      name: null,
      email: null,
      language: 'fi',
      widgetTokenHash: hashToken(token),
    });
    const quiet = { db: first, bus: new EventBus() };
    const conversationId = await openConversation(quiet, {
      libraryId: library.id,
      customerId: customer.id,
      channel: 'chat',
      language: 'fi',
      subject: null,
    });
    await postMessage(quiet, {
      libraryId: library.id,
      conversationId,
      kind: 'customer',
      body: 'Hei',
      author: null,
      clientMessageId: start.clientId,
      customerId: customer.id,
    });

    const second = app.request(`/api/v1/public/libraries/${library.slug}/chats`, { json: start });
    try {
      await waitForLockWait(app.db);
    } finally {
      await first.commit().execute();
    }
    const response = await second;
    assert.equal(response.status, 201, await response.clone().text());
    const body = (await response.json()) as { conversationId: string; customerToken: string };
    assert.equal(body.conversationId, conversationId);
    assert.equal(body.customerToken, token);
    assert.deepEqual(await countRows(app.db, library.id), { customers: 1, conversations: 1, messages: 1 });
  });
});

/** Resolves once a statement of this database waits for a lock (the second start's insert). */
async function waitForLockWait(db: Kysely<DB>): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if ((rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail('the second start never waited for the first');
}
