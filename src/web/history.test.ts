import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NEWEST, pageBefore, showPage } from './history.js';

const seqs = (...list: number[]) => list.map((seq) => ({ seq }));

test('the newest page starts above every seq; each page asks for one more than it shows', () => {
  assert.deepEqual(pageBefore(NEWEST, 50), { before: 2_147_483_647, limit: 51 });
  assert.deepEqual(pageBefore(70, 50), { before: 70, limit: 51 });
});

test('a full page shows its newest messages and says where it starts; a short page reaches the beginning', () => {
  assert.deepEqual(showPage(seqs(3, 5, 6, 9), 3), { items: seqs(5, 6, 9), shownFrom: 5 });
  assert.deepEqual(showPage(seqs(5, 6, 9), 3), { items: seqs(5, 6, 9), shownFrom: 0 });
  assert.deepEqual(showPage(seqs(), 3), { items: [], shownFrom: 0 });
});
