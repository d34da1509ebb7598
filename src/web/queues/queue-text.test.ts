import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationFixture } from '../conversation-fixture.js';
import { filtersToQuery, matchesFilters } from '../timeline.js';
import { dueState, queueName, sortConversations } from './queue-text.js';

const conv = conversationFixture;

test('a queue is named in the reader’s language, else in another it has', () => {
  assert.equal(queueName({ fi: 'Lapset', sv: 'Barn' }, 'sv'), 'Barn');
  assert.equal(queueName({ sv: 'Svenska' }, 'fi'), 'Svenska');
  assert.equal(queueName(undefined, 'fi'), '');
});

test('the target badge: overdue past the due time, due soon within 15 minutes, else none', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(dueState({ dueAt: '2026-01-01T11:59:00Z' }, now), 'overdue');
  assert.equal(dueState({ dueAt: '2026-01-01T12:00:00Z' }, now), 'overdue');
  assert.equal(dueState({ dueAt: '2026-01-01T12:10:00Z' }, now), 'soon');
  assert.equal(dueState({ dueAt: '2026-01-01T12:30:00Z' }, now), null);
  assert.equal(dueState({ dueAt: null }, now), null);
});

test('the inbox keeps the chosen order after live updates; those without a time come last', () => {
  const list = [
    conv('a', { dueAt: null, waitingSince: '2026-01-01T10:00:00Z' }),
    conv('b', { dueAt: '2026-01-01T12:30:00Z', waitingSince: null }),
    conv('c', { dueAt: '2026-01-01T12:10:00Z', waitingSince: '2026-01-01T09:00:00Z' }),
  ];
  assert.deepEqual(
    sortConversations(list, 'due').map((c) => c.id),
    ['c', 'b', 'a'],
  );
  assert.deepEqual(
    sortConversations(list, 'waiting').map((c) => c.id),
    ['c', 'a', 'b'],
  );
  assert.equal(sortConversations(list, 'latest'), list);
});

test('queue filters go into the query and decide live membership', () => {
  const base = { status: '' as const, assignee: '' as const, channel: '', language: '' };
  assert.equal(filtersToQuery({ ...base, queue: 'mine', sort: 'due' }), '?queue=mine&sort=due&limit=25');
  assert.equal(filtersToQuery({ ...base, queue: '', sort: 'latest' }), '?limit=25');
  const inQ1 = conv('a', { queueId: 'q1' });
  assert.equal(matchesFilters(inQ1, { ...base, queue: 'q1' }, 'me'), true);
  assert.equal(matchesFilters(inQ1, { ...base, queue: 'q2' }, 'me'), false);
  assert.equal(matchesFilters(inQ1, { ...base, queue: 'mine' }, 'me', ['q1']), true);
  assert.equal(matchesFilters(inQ1, { ...base, queue: 'mine' }, 'me', ['q2']), false);
});
