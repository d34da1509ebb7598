// Presence counting and its notices between instances, over an in-memory peer channel that
// behaves like NOTIFY (every listener, sender included, gets each send's payloads in order,
// later). The PostgreSQL path end to end is in test/api/presence.test.ts.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { PeerChannel } from '../event-relay.js';
import { IDS_PER_NOTICE, Presence } from './presence.js';

const LIBRARY = randomUUID();
const LONG_MS = 60_000; // no heartbeat or expiry within a test unless it sets a short one

class FakeNetwork {
  readonly payloads: string[] = [];
  readonly #listeners = new Set<(payload: string) => void>();

  channel(): PeerChannel {
    return {
      send: async (payloads) => {
        this.payloads.push(...payloads);
        await new Promise((resolve) => setImmediate(resolve));
        for (const payload of payloads) for (const listener of this.#listeners) listener(payload);
      },
      listen: (onMessage) => {
        this.#listeners.add(onMessage);
        return () => this.#listeners.delete(onMessage);
      },
    };
  }
}

/** Resolves when the library's count is `count`; fails after a generous timeout instead of hanging. */
function until(presence: Presence, count: number, timeoutMs = 5000): Promise<void> {
  if (presence.staffOnline(LIBRARY) === count) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`staffOnline stayed ${presence.staffOnline(LIBRARY)}, expected ${count}`));
    }, timeoutMs);
    const stop = presence.onChange((libraryId, online) => {
      if (libraryId !== LIBRARY || online !== count) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

const accounts = (...ids: string[]) => new Set(ids);

describe('presence', () => {
  const started: Presence[] = [];
  function instance(network: FakeNetwork | null, intervalMs = LONG_MS): Presence {
    const presence = new Presence({ peers: network?.channel() ?? null, intervalMs });
    started.push(presence);
    return presence;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.close({ goodbye: false })));
  });

  test('one process: counts distinct accounts and tells listeners only when the count changes', () => {
    const presence = instance(null);
    presence.start();
    const told: number[] = [];
    presence.onChange((_, online) => told.push(online));
    presence.setLocal(LIBRARY, accounts('a'));
    presence.setLocal(LIBRARY, accounts('a'));
    presence.setLocal(LIBRARY, accounts('a', 'b'));
    presence.setLocal(LIBRARY, accounts());
    assert.deepEqual(told, [1, 2, 0]);
    assert.equal(presence.staffOnline(LIBRARY), 0);
    assert.equal(presence.staffOnline(randomUUID()), 0);
  });

  test('counts the accounts of every instance, a person on two instances once', async () => {
    const network = new FakeNetwork();
    const a = instance(network);
    const b = instance(network);
    a.start();
    b.start();
    a.setLocal(LIBRARY, accounts('x'));
    b.setLocal(LIBRARY, accounts('x', 'y'));
    await Promise.all([until(a, 2), until(b, 2)]);
    b.setLocal(LIBRARY, accounts());
    await until(a, 1);
    assert.equal(b.staffOnline(LIBRARY), 1);
  });

  test('a starting instance asks for the others’ accounts', async () => {
    const network = new FakeNetwork();
    const b = instance(network);
    b.start();
    b.setLocal(LIBRARY, accounts('y'));
    const a = instance(network);
    a.start();
    await until(a, 1);
  });

  test('very many staff are announced in parts, each well under NOTIFY’s 8,000 bytes', async () => {
    const network = new FakeNetwork();
    const a = instance(network);
    const b = instance(network);
    a.start();
    b.start();
    const many = new Set(Array.from({ length: IDS_PER_NOTICE * 2 + 7 }, () => randomUUID()));
    b.setLocal(LIBRARY, many);
    await until(a, many.size);
    const parts = network.payloads.filter((p) => p.includes('"online"'));
    assert.equal(parts.length, 3);
    for (const payload of parts) assert.ok(Buffer.byteLength(payload) < 7000, `${Buffer.byteLength(payload)} bytes`);
    assert.ok(
      parts.every((p) => !p.includes('@')),
      'ids only',
    );
  });

  test('a goodbye drops the instance’s staff at once; silence drops them after the expiry', async () => {
    const network = new FakeNetwork();
    const a = instance(network, LONG_MS); // expiry follows the sender's interval, not the receiver's
    const polite = instance(network, LONG_MS);
    const crashed = instance(network, 20);
    for (const p of [a, polite, crashed]) p.start();
    polite.setLocal(LIBRARY, accounts('p'));
    crashed.setLocal(LIBRARY, accounts('c'));
    await until(a, 2);

    await polite.close();
    await until(a, 1, 1000); // well before its 3-minute expiry: the goodbye did it

    await crashed.close({ goodbye: false });
    await until(a, 0);
  });

  test('an older announcement never replaces a newer one; what is not a notice is ignored', async () => {
    const network = new FakeNetwork();
    const a = instance(network);
    a.start();
    const peer = network.channel();
    const online = (version: number, accountIds: string[]) =>
      JSON.stringify({ kind: 'online', instance: 'other', version, libraryId: LIBRARY, part: 0, parts: 1, ttlMs: LONG_MS, accountIds });
    await peer.send(['not json', JSON.stringify({ kind: 'unknown' }), online(2, ['x', 'y']), online(1, [])]);
    assert.equal(a.staffOnline(LIBRARY), 2);
    await peer.send([online(3, [])]);
    assert.equal(a.staffOnline(LIBRARY), 0);
  });

  test('every interval, each library with staff here is announced again', async () => {
    const network = new FakeNetwork();
    const a = instance(network, 20);
    a.start();
    a.setLocal(LIBRARY, accounts('own'));
    const announced = () => network.payloads.filter((p) => p.includes('"own"')).length;
    const deadline = Date.now() + 5000;
    while (announced() < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(announced() >= 4, `announced ${announced()} times`);
  });

  test('closing does not wait long for a peer channel that never answers (an unreachable database)', async () => {
    const stuck: PeerChannel = { send: () => new Promise<void>(() => undefined), listen: () => () => undefined };
    const presence = new Presence({ peers: stuck, intervalMs: LONG_MS, closeWaitMs: 100 });
    presence.start();
    presence.setLocal(LIBRARY, accounts('own')); // an announcement that never completes
    const started = performance.now();
    await presence.close();
    const waited = performance.now() - started;
    assert.ok(waited >= 90 && waited < 2000, `close waited ${waited.toFixed(0)} ms`);
  });
});
