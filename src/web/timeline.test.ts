import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conversation, Message } from './api.js';
import { applyMessageToInbox, filtersToQuery, matchesFilters, mergeMessages, upsertConversation } from './timeline.js';

const msg = (seq: number, extra: Partial<Message> = {}): Message => ({
  id: `m${seq}`, conversationId: 'c1', seq, kind: 'customer', body: `b${seq}`, author: null, event: null, clientId: null,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(), ...extra,
});
const conv = (id: string, minute: number, extra: Partial<Conversation> = {}): Conversation => ({
  id, channel: 'chat', status: 'open', language: 'fi', subject: null, customer: { id: 'u', name: null, email: null },
  assignee: null, lastSeq: 0, createdAt: '', updatedAt: '', lastMessageAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  lastMessagePreview: null, ...extra,
});

test('timeline keeps one message per seq in order, whatever arrives twice or late', () => {
  const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3), msg(4)]);
  assert.deepEqual(merged.map((m) => m.seq), [1, 2, 3, 4]);
});

test('inbox: upsert keeps one row per conversation, latest first; a message moves it up', () => {
  let list = [conv('a', 1), conv('b', 2)];
  list = upsertConversation(list, conv('a', 3));
  assert.deepEqual(list.map((c) => c.id), ['a', 'b']);
  list = applyMessageToInbox(list, msg(9, { conversationId: 'b', createdAt: new Date(Date.UTC(2026, 0, 1, 0, 10)).toISOString() }));
  assert.deepEqual(list.map((c) => c.id), ['b', 'a']);
  assert.equal(list[0]?.lastMessagePreview, 'b9');
  const unchanged = applyMessageToInbox(list, msg(10, { conversationId: 'b', kind: 'note' }));
  assert.equal(unchanged, list, 'notes do not reorder the inbox');
});

test('filters become a query string and decide live membership', () => {
  assert.equal(filtersToQuery({ status: 'open', assignee: 'me', channel: '', language: 'sv' }, 'xyz'), '?status=open&assignee=me&language=sv&cursor=xyz&limit=25');
  const mine = conv('a', 1, { assignee: { id: 'me1', displayName: 'Me' } });
  assert.equal(matchesFilters(mine, { status: '', assignee: 'me', channel: '', language: '' }, 'me1'), true);
  assert.equal(matchesFilters(mine, { status: '', assignee: 'none', channel: '', language: '' }, 'me1'), false);
  assert.equal(matchesFilters(mine, { status: 'resolved', assignee: '', channel: '', language: '' }, 'me1'), false);
});
