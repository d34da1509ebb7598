import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conversation, Message } from './api.js';
import {
  applyDelivery,
  applyMessageToInbox,
  filtersToQuery,
  matchesFilters,
  mergeMessages,
  messagePreview,
  newerDelivery,
  upsertConversation,
} from './timeline.js';
import { conversationFixture } from './conversation-fixture.js';

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  kind: 'customer',
  body: `b${seq}`,
  author: null,
  event: null,
  clientId: null,
  delivery: null,
  attachments: [],
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
  ...extra,
});
const conv = (id: string, minute: number, extra: Partial<Conversation> = {}): Conversation =>
  conversationFixture(id, { lastMessageAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), ...extra });

test('timeline keeps one message per seq in order, whatever arrives twice or late', () => {
  const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3), msg(4)]);
  assert.deepEqual(
    merged.map((m) => m.seq),
    [1, 2, 3, 4],
  );
});

test('inbox: upsert keeps one row per conversation, latest first; a message moves it up', () => {
  let list = [conv('a', 1), conv('b', 2)];
  list = upsertConversation(list, conv('a', 3));
  assert.deepEqual(
    list.map((c) => c.id),
    ['a', 'b'],
  );
  list = applyMessageToInbox(list, msg(9, { conversationId: 'b', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 10)).toISOString() }));
  assert.deepEqual(
    list.map((c) => c.id),
    ['b', 'a'],
  );
  assert.equal(list[0]?.lastMessagePreview, 'b9');
  const unchanged = applyMessageToInbox(list, msg(10, { conversationId: 'b', kind: 'note' }));
  assert.equal(unchanged, list, 'notes do not reorder the inbox');
});

test('filters become a query string and decide live membership', () => {
  assert.equal(
    filtersToQuery({ status: 'open', assignee: 'me', channel: '', language: 'sv' }, 'xyz'),
    '?status=open&assignee=me&language=sv&cursor=xyz&limit=25',
  );
  const mine = conv('a', 1, { assignee: { id: 'me1', displayName: 'Me' } });
  assert.equal(matchesFilters(mine, { status: '', assignee: 'me', channel: '', language: '' }, 'me1'), true);
  assert.equal(matchesFilters(mine, { status: '', assignee: 'none', channel: '', language: '' }, 'me1'), false);
  assert.equal(matchesFilters(mine, { status: 'resolved', assignee: '', channel: '', language: '' }, 'me1'), false);
});

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const reply = (seq: number, status: 'queued' | 'delivered' | 'failed', minute: number): Message =>
  msg(seq, { kind: 'staff', delivery: { status, error: status === 'failed' ? 'adapter_error' : null, updatedAt: at(minute) } });

test('a delivery change moves one reply on; an older state arriving late never undoes a newer one', () => {
  const list = [msg(1), reply(2, 'queued', 1)];
  const delivered = { status: 'delivered' as const, error: null, updatedAt: at(5) };
  const moved = applyDelivery(list, 'm2', delivered);
  assert.deepEqual(moved[1]?.delivery, delivered);
  assert.equal(moved[0], list[0], 'other messages are untouched');
  assert.equal(applyDelivery(moved, 'm2', { status: 'queued', error: null, updatedAt: at(2) }), moved, 'an older frame changes nothing');
  assert.equal(applyDelivery(moved, 'unknown', delivered), moved);
  // A page or replay fetched before the change arrives after it: the reply stays delivered.
  const merged = mergeMessages(moved, [reply(2, 'queued', 1), msg(3)]);
  assert.equal(merged[1]?.delivery?.status, 'delivered');
  assert.equal(merged.length, 3);
  // A newer state in a page wins.
  assert.equal(mergeMessages(moved, [reply(2, 'failed', 9)])[1]?.delivery?.status, 'failed');
  assert.equal(newerDelivery(null, delivered), delivered);
});

test('a long message is previewed (and announced) by its start, the same in the inbox', () => {
  const long = 'x'.repeat(5000);
  assert.equal(messagePreview(long).length, 140);
  assert.equal(messagePreview('lyhyt'), 'lyhyt');
  const [row] = applyMessageToInbox([conv('c1', 0)], msg(1, { body: long }));
  assert.equal(row?.lastMessagePreview, messagePreview(long));
});
