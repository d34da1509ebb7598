import { test } from 'node:test';
import assert from 'node:assert/strict';
import { earlierWindow, newestWindow } from './history.js';

test('the first fetch starts one page below the last seq, never below zero', () => {
  assert.deepEqual(newestWindow(120, 50), { after: 70, limit: 500 });
  assert.deepEqual(newestWindow(10, 50), { after: 0, limit: 500 });
  assert.deepEqual(newestWindow(0, 50), { after: 0, limit: 500 });
});

test('earlier pages cover exactly the seqs below the loaded ones, then stop', () => {
  assert.deepEqual(earlierWindow(70, 50), { after: 20, limit: 50 });
  assert.deepEqual(earlierWindow(20, 50), { after: 0, limit: 20 });
  assert.equal(earlierWindow(0, 50), null);
});
