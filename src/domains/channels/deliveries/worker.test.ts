// The delivery job on its own, with a queued channel adapter of the test's making (the email
// adapter is tested against a real SMTP server in test/api/mail-out.test.ts): back-off and
// the last attempt, permanent failures, a claim whose instance died, and waking on a reply.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../../test/support/app.js';
import { testBackends } from '../../../../test/support/backends.js';
import { buildAccount, buildLibrary } from '../../../../test/support/factories.js';
import type { MessageView } from '../../../contract/conversations.js';
import type { OutboundDelivery } from '../../conversations/service.js';
import { DeliveryError } from '../adapter.js';
import { receiveInbound } from '../inbound.js';
import { backoff, DeliveryWorker, RETRY_DELAYS_MS, type QueuedAdapter } from './worker.js';

const silent = { warn: () => undefined };

test('the pause grows 1 min, 5 min, 30 min, 2 h, 12 h with ±10 % jitter, then no more attempts', () => {
  assert.deepEqual(
    RETRY_DELAYS_MS.map((_, i) => backoff(i + 1, () => 0.5)),
    [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000],
  );
  assert.equal(
    backoff(1, () => 0),
    54_000,
  );
  assert.equal(
    backoff(1, () => 1),
    66_000,
  );
  assert.equal(backoff(6), null);
});

for (const backend of testBackends()) {
  describe(`delivery job [${backend}]`, () => {
    let app: TestApp;
    let libraryId: string;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend, { KANAVA_MAIL_WORKER: '0' });
      const library = await buildLibrary(app.db);
      libraryId = library.id;
      cookie = await app.signIn(await buildAccount(app.db, library));
    });
    after(() => app.close());

    /** A staff reply waiting on a queued channel (callback stands in for any). */
    async function queuedReply(body = 'Soitamme huomenna'): Promise<MessageView> {
      const { conversationId } = await receiveInbound(
        { db: app.db, bus: app.runtime.bus },
        { libraryId, channel: 'callback', customer: { name: null, email: null, language: 'fi' }, language: 'fi', body: 'Soittakaa' },
      );
      const response = await app.request(`/api/v1/conversations/${conversationId}/messages`, { json: { body }, cookie });
      assert.equal(response.status, 201);
      const message = (await response.json()) as MessageView;
      assert.equal(message.delivery?.status, 'queued');
      return message;
    }

    const row = (messageId: string) =>
      app.db
        .selectFrom('deliveries')
        .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
        .where('message_id', '=', messageId)
        .executeTakeFirstOrThrow();
    const makeDue = (messageId: string) =>
      app.db
        .updateTable('deliveries')
        .set({ next_attempt_at: new Date(Date.now() - 1000) })
        .where('message_id', '=', messageId)
        .execute();

    function adapter(deliver: (delivery: OutboundDelivery) => Promise<'sent'>, permanent: string[] = []): QueuedAdapter {
      return { kind: 'callback', mode: 'queued', deliver, isPermanent: (code) => permanent.includes(code) };
    }

    function worker(queued: QueuedAdapter, options: { leaseMs?: number; backoff?: (n: number) => number | null } = {}) {
      return new DeliveryWorker({
        db: app.db,
        bus: app.runtime.bus,
        outbound: app.runtime.outbound,
        adapters: [queued],
        log: silent,
        ...options,
      });
    }

    test('a failure waits its pause and is retried; after the last attempt the delivery fails with the code', async () => {
      const reply = await queuedReply();
      let calls = 0;
      const job = worker(
        adapter(async () => {
          calls += 1;
          throw new DeliveryError('line_busy');
        }),
        { backoff: (attempts) => (attempts < 3 ? 60_000 : null) },
      );
      const changes: unknown[] = [];
      const stop = app.runtime.bus.on('delivery.changed', (event) => {
        if (event.messageId === reply.id) changes.push(event.delivery);
      });
      try {
        await job.runOnce();
        const first = await row(reply.id);
        assert.deepEqual([first.status, first.attempts, first.last_error], ['queued', 1, 'line_busy']);
        const pause = first.next_attempt_at!.getTime() - Date.now();
        assert.ok(pause > 50_000 && pause <= 60_000, `due again in a minute, was ${pause} ms`);
        assert.equal(await job.runOnce(), 0, 'not due yet: nothing claimed');
        assert.equal(calls, 1);
        assert.deepEqual(changes.at(-1), {
          status: 'queued',
          error: 'line_busy',
          updatedAt: (changes.at(-1) as { updatedAt: string }).updatedAt,
          retryAt: first.next_attempt_at!.toISOString(),
        });

        await makeDue(reply.id);
        await job.runOnce();
        assert.deepEqual(await row(reply.id).then((r) => [r.status, r.attempts]), ['queued', 2]);
        await makeDue(reply.id);
        await job.runOnce();
        const last = await row(reply.id);
        assert.deepEqual([last.status, last.attempts, last.last_error], ['failed', 3, 'line_busy']);
        assert.equal(calls, 3);
        assert.deepEqual((changes.at(-1) as { status: string; error: string }).status, 'failed');
      } finally {
        stop();
        await job.close();
      }
    });

    test('a permanent failure fails at once; an unknown exception is retried as adapter_error', async () => {
      const refused = await queuedReply();
      const job = worker(adapter(async () => Promise.reject(new DeliveryError('number_unknown')), ['number_unknown']));
      await job.runOnce();
      assert.deepEqual(await row(refused.id).then((r) => [r.status, r.attempts, r.last_error]), ['failed', 1, 'number_unknown']);
      await job.close();

      const broken = await queuedReply();
      const secondJob = worker(adapter(async () => Promise.reject(new Error('secret address in here'))));
      await secondJob.runOnce();
      assert.deepEqual(await row(broken.id).then((r) => [r.status, r.attempts, r.last_error]), ['queued', 1, 'adapter_error']);
      await secondJob.close();
    });

    test('a claim is held for its lease; when its instance died, another one takes the delivery after it', async () => {
      const reply = await queuedReply();
      let release: (value: 'sent') => void = () => undefined;
      const hanging = worker(
        adapter(() => new Promise<'sent'>((resolve) => (release = resolve))),
        { leaseMs: 400 },
      );
      let sentBy = 0;
      const healthy = worker(
        adapter(async () => {
          sentBy += 1;
          return 'sent';
        }),
      );
      try {
        const running = hanging.runOnce();
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(await healthy.runOnce(), 0, 'claimed by the first instance: not taken twice');
        await new Promise((resolve) => setTimeout(resolve, 450));
        assert.equal(await healthy.runOnce(), 1, 'the lease ran out: taken again');
        assert.equal(sentBy, 1);
        assert.equal((await row(reply.id)).status, 'sent');
        release('sent');
        await running;
        assert.equal((await row(reply.id)).status, 'sent');
      } finally {
        release('sent');
        await hanging.close();
        await healthy.close();
      }
    });

    test('a new reply wakes the job: it goes out at once, not at the next tick', async () => {
      const delivered: string[] = [];
      // Never started: it has no tick at all, so only the wake can send the reply.
      const job = worker(
        adapter(async (delivery) => {
          delivered.push(delivery.message.body);
          return 'sent';
        }),
      );
      await job.runOnce(); // anything left over from earlier tests
      delivered.length = 0;
      try {
        const reply = await queuedReply('Herätys');
        const deadline = Date.now() + 2_000;
        while ((await row(reply.id)).status !== 'sent' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal((await row(reply.id)).status, 'sent');
        assert.deepEqual(delivered, ['Herätys']);
      } finally {
        await job.close();
      }
    });
  });
}
