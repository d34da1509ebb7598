import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_MS, THROTTLE_MS, TypingSignal } from './typing.js';
import type { CustomerTypingClientFrame } from '../contract/frames.js';

test('typing is said at most every 3 s, and stopped once after 5 s idle or on send', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent: CustomerTypingClientFrame[] = [];
  const signal = new TypingSignal((frame) => sent.push(frame));
  signal.input(0);
  signal.input(1000);
  signal.input(THROTTLE_MS - 1);
  assert.deepEqual(sent, [{ type: 'typing' }]);
  signal.input(THROTTLE_MS);
  assert.equal(sent.length, 2);
  t.mock.timers.tick(IDLE_MS - 1);
  assert.equal(sent.length, 2);
  t.mock.timers.tick(1);
  assert.deepEqual(sent.at(-1), { type: 'typing', typing: false });
  signal.stop();
  assert.equal(sent.length, 3, 'stopped once');
  signal.input(20_000);
  signal.stop();
  assert.deepEqual(sent.slice(3), [{ type: 'typing' }, { type: 'typing', typing: false }]);
  t.mock.timers.tick(IDLE_MS);
  assert.equal(sent.length, 5, 'no second stop after a send');
});
