import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, ChatState, parseStoredChat, type ChatMessage } from './chat-state.js';

const message = (seq: number, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${seq}`,
  seq,
  kind: 'staff',
  body: `message ${seq}`,
  author: { displayName: 'Elsa' },
  event: null,
  clientId: null,
  createdAt: new Date(0).toISOString(),
  ...extra,
});

test('messages are kept once each, in seq order, whatever order they arrive in', () => {
  const state = new ChatState();
  assert.equal(state.receive(message(2)), true);
  assert.equal(state.receive(message(1)), true);
  assert.equal(state.receive(message(2)), false);
  assert.equal(state.receive(message(3)), true);
  assert.deepEqual(state.messages.map((m) => m.seq), [1, 2, 3]);
  assert.equal(state.lastSeq, 3);
});

test('a queued message leaves the outbox when acknowledged or when its echo arrives', () => {
  const state = new ChatState();
  state.queue('c1', 'first');
  state.queue('c2', 'second');
  state.acknowledge('c1');
  assert.deepEqual(state.outbox.map((p) => p.clientId), ['c2']);
  state.receive(message(5, { kind: 'customer', clientId: 'c2', body: 'second' }));
  assert.deepEqual(state.outbox, []);
  assert.equal(state.messages.length, 1, 'the echo shows once, not beside a pending copy');
});

test('what is stored survives a reload: the outbox comes back, the timeline is replayed from 0', () => {
  const state = new ChatState();
  state.receive(message(1));
  state.queue('c9', 'unsent');
  const raw = JSON.stringify(state.snapshot('conv', 'tok'));
  const stored = parseStoredChat(raw);
  assert.ok(stored);
  const restored = new ChatState(stored);
  assert.deepEqual(restored.outbox.map((p) => p.body), ['unsent']);
  assert.equal(restored.lastSeq, 0);
  assert.equal(parseStoredChat('{broken'), null);
  assert.equal(parseStoredChat(JSON.stringify({ token: 1 })), null);
  assert.equal(parseStoredChat(null), null);
});

test('reconnect delays grow, are capped, and are jittered', () => {
  assert.equal(backoffMs(0, () => 0.5), 500);
  assert.equal(backoffMs(3, () => 0.5), 4000);
  assert.equal(backoffMs(20, () => 0.5), 30_000);
  assert.equal(backoffMs(0, () => 0), 400);
  assert.equal(backoffMs(0, () => 1), 600);
});
