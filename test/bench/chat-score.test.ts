// The chat benchmark's counting: by message identity and per (message, staff socket) pair, so
// a loss and a duplicate can never cancel out, and its floor names every condition it failed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatLedger, FLOOR, judge, type Floor } from '../../bench/chat-score.js';

const window = { start: 0, end: 1000 };

/** Two staff sockets; messages a and b sent at 0 ms and 10 ms on customer socket 0. */
function twoByTwo() {
  const ledger = new ChatLedger(2);
  ledger.sent('a', 0, 0);
  ledger.sent('b', 0, 10);
  ledger.acked('a', 0, 5);
  ledger.acked('b', 0, 15);
  return ledger;
}

describe('chat bench scoring', () => {
  test('a loss and a duplicate whose totals cancel count as one lost and one duplicated', () => {
    const ledger = twoByTwo();
    // Four deliveries in all, as many as 2 messages × 2 sockets, but socket 1 never got b.
    ledger.received(0, 'a', 20);
    ledger.received(0, 'b', 30);
    ledger.received(1, 'a', 25);
    ledger.received(1, 'a', 26);
    const score = ledger.score(window);
    assert.equal(score.pairs, 4);
    assert.equal(score.lost, 1);
    assert.equal(score.duplicated, 1);
    assert.equal(score.extraCopies, 1);
    assert.equal(score.messagesLost, 1);
    assert.equal(score.messagesDuplicated, 1);
    assert.equal(ledger.settled(), false);
  });

  test('a message duplicated at one socket and lost at another is both', () => {
    const ledger = twoByTwo();
    ledger.received(0, 'a', 20);
    ledger.received(1, 'a', 21);
    ledger.received(0, 'b', 30);
    ledger.received(0, 'b', 31);
    ledger.received(0, 'b', 32);
    const score = ledger.score(window);
    assert.equal(score.lost, 1);
    assert.equal(score.duplicated, 1);
    assert.equal(score.extraCopies, 2);
    assert.equal(score.messagesLost, 1);
    assert.equal(score.messagesDuplicated, 1);
  });

  test('acks count by identity, on the sending socket only', () => {
    const ledger = new ChatLedger(1);
    ledger.sent('a', 0, 0);
    ledger.sent('b', 1, 0);
    ledger.sent('c', 2, 0);
    ledger.acked('a', 0, 1);
    ledger.acked('a', 0, 2); // a repeat does not stand in for b
    ledger.acked('b', 0, 3); // b's ack on another customer's socket
    ledger.acked('x', 0, 4); // never sent
    ledger.rejected('c', 2, 'rate_limited');
    for (const id of ['a', 'b', 'c']) ledger.received(0, id, 5);
    const score = ledger.score(window);
    assert.equal(score.acknowledged, 1);
    assert.equal(score.unacknowledged, 2);
    assert.deepEqual(score.rejected, { rate_limited: 1 });
    assert.equal(score.repeatedAcks, 1);
    assert.equal(score.strayAcks, 2);
    // b is still awaited; c was answered with an error, so it is not.
    assert.equal(ledger.settled(), false);
    ledger.acked('b', 1, 6);
    assert.equal(ledger.settled(), true);
  });

  test('a frame for a message this run never sent is stray, not a delivery', () => {
    const ledger = twoByTwo();
    ledger.received(0, 'zzz', 20);
    const score = ledger.score(window);
    assert.equal(score.strayDeliveries, 1);
    assert.equal(score.lost, 4);
    assert.equal(score.duplicated, 0);
  });

  test('the rate is what reached every staff socket within the window, not what was sent', () => {
    const ledger = new ChatLedger(2);
    for (let i = 0; i < 10; i += 1) {
      ledger.sent(`m${i}`, 0, i * 100);
      ledger.acked(`m${i}`, 0, i * 100 + 1);
      ledger.received(0, `m${i}`, i * 100 + 5);
      // Socket 1 falls behind: the last 4 arrive after the window closed at 1,000 ms.
      ledger.received(1, `m${i}`, i < 6 ? i * 100 + 5 : 1500);
    }
    const score = ledger.score(window);
    assert.equal(score.rate.offeredPerSecond, 10);
    assert.equal(score.rate.deliveredToEveryStaffPerSecond, 6);
    assert.deepEqual(score.rate.deliveredPerStaffPerSecond, { min: 6, max: 10 });
    assert.equal(score.rate.deliveredOverOffered, 0.6);
    // Late is not lost: every pair arrived before the run stopped waiting.
    assert.equal(score.lost, 0);
    assert.equal(ledger.settled(), true);
  });

  test('latency is per pair, first copy only', () => {
    const ledger = twoByTwo();
    ledger.received(0, 'a', 10);
    ledger.received(1, 'a', 30);
    ledger.received(1, 'a', 900); // a late duplicate does not change a's latency
    ledger.received(0, 'b', 20);
    ledger.received(1, 'b', 40);
    const { latencyMs } = ledger.score(window);
    assert.equal(latencyMs.p50, 10);
    assert.equal(latencyMs.max, 30);
    assert.equal(latencyMs.firstStaffP50, 10);
    assert.equal(latencyMs.ackP50, 5);
  });

  describe('floor', () => {
    const small: Floor = { customers: 1, staff: 2, rate: 2, durationSeconds: 1, p99Ms: 150, rateTolerance: 0.01 };

    test('met only when every condition holds', () => {
      const ledger = twoByTwo();
      for (const id of ['a', 'b']) for (const r of [0, 1]) ledger.received(r, id, 50);
      const verdict = judge({ customers: 1, staff: 2 }, ledger.score(window), small);
      assert.deepEqual(verdict.failed, []);
      assert.equal(verdict.met, true);
    });

    test('names each failed condition', () => {
      const ledger = new ChatLedger(2);
      ledger.sent('a', 0, 0);
      ledger.sent('b', 0, 0);
      ledger.acked('a', 0, 1);
      ledger.received(0, 'a', 200);
      ledger.received(0, 'a', 201);
      ledger.received(1, 'a', 300);
      ledger.received(0, 'b', 300);
      const verdict = judge({ customers: 1, staff: 2 }, ledger.score(window), small);
      assert.equal(verdict.met, false);
      assert.deepEqual(verdict.failed, ['deliveredRate', 'zeroUnacknowledged', 'zeroLost', 'zeroDuplicated', 'p99']);
    });

    test('the issue floor is not met by a short, small run however clean', () => {
      const ledger = twoByTwo();
      for (const id of ['a', 'b']) for (const r of [0, 1]) ledger.received(r, id, 50);
      const verdict = judge({ customers: 1, staff: 2 }, ledger.score(window), FLOOR);
      assert.deepEqual(verdict.failed, ['connections', 'duration', 'deliveredRate']);
    });
  });
});
