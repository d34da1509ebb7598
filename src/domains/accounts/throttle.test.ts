import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailKey, waitAfter } from './throttle.js';

test('five failures are free, then each wait doubles up to 15 minutes', () => {
  assert.deepEqual(
    Array.from({ length: 17 }, (_, i) => waitAfter(i)),
    [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900],
  );
});

test('an address is counted under one key whatever its case', () => {
  assert.equal(emailKey(' Maija@Example.FI '), emailKey('maija@example.fi'));
  assert.match(emailKey('maija@example.fi'), /^[0-9a-f]{64}$/);
});
