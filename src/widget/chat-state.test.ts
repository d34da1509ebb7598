import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, ChatState, parseStoredChat, type ChatMessage } from './chat-state.js';
import { newCustomerToken } from './token.js';

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
  assert.deepEqual(
    state.messages.map((m) => m.seq),
    [1, 2, 3],
  );
  assert.equal(state.lastSeq, 3);
});

test('a queued message leaves the outbox when acknowledged or when its echo arrives', () => {
  const state = new ChatState();
  state.queue('c1', 'first');
  state.queue('c2', 'second');
  state.acknowledge('c1');
  assert.deepEqual(
    state.outbox.map((p) => p.clientId),
    ['c2'],
  );
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
  assert.deepEqual(
    restored.outbox.map((p) => p.body),
    ['unsent'],
  );
  assert.equal(restored.lastSeq, 0);
  assert.equal(parseStoredChat('{broken'), null);
  assert.equal(parseStoredChat(JSON.stringify({ token: 1 })), null);
  assert.equal(parseStoredChat(null), null);
});

test('reconnect delays grow, are capped, and are jittered', () => {
  assert.equal(
    backoffMs(0, () => 0.5),
    500,
  );
  assert.equal(
    backoffMs(3, () => 0.5),
    4000,
  );
  assert.equal(
    backoffMs(20, () => 0.5),
    30_000,
  );
  assert.equal(
    backoffMs(0, () => 0),
    400,
  );
  assert.equal(
    backoffMs(0, () => 1),
    600,
  );
});

test('a refused message stays in the outbox, marked, and is not resent until retried; editing takes it out', () => {
  const state = new ChatState();
  state.queue('c1', 'too long');
  state.queue('c2', 'fine');
  assert.equal(state.fail('c1', 'invalid_frame', 'Too long'), true);
  assert.equal(state.fail('gone', 'invalid_frame', 'x'), false);
  assert.deepEqual(
    state.sendable.map((p) => p.clientId),
    ['c2'],
  );
  // A refusal survives a reload, so a reconnect does not send it again.
  const restored = new ChatState(parseStoredChat(JSON.stringify(state.snapshot('conv', 'tok')))!);
  assert.deepEqual(restored.outbox.find((p) => p.clientId === 'c1')?.failed, { code: 'invalid_frame', message: 'Too long' });
  assert.deepEqual(
    restored.sendable.map((p) => p.clientId),
    ['c2'],
  );
  assert.equal(restored.retry('c1')?.body, 'too long');
  assert.deepEqual(
    restored.sendable.map((p) => p.clientId),
    ['c1', 'c2'],
  );
  assert.equal(restored.withdraw('c2')?.body, 'fine');
  assert.deepEqual(
    restored.outbox.map((p) => p.clientId),
    ['c1'],
  );
});

test('a start not yet confirmed by the server survives a reload with its token, message and email', () => {
  const state = new ChatState();
  state.queue('first', 'Hei');
  const stored = parseStoredChat(JSON.stringify(state.snapshot(null, 'secret', 'me@example.test')));
  assert.deepEqual(stored && { ...stored, outbox: stored.outbox.map((p) => p.body) }, {
    conversationId: null,
    token: 'secret',
    lastSeq: 0,
    outbox: ['Hei'],
    email: 'me@example.test',
  });
  // Nothing to send, nothing started: nothing to keep.
  assert.equal(parseStoredChat(JSON.stringify(new ChatState().snapshot(null, 'secret'))), null);
});

test('customer tokens are 32 random bytes in base64url', () => {
  const token = newCustomerToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(newCustomerToken(), token);
  const fixed = (b: Uint8Array) => b.map((_, i) => (i * 37 + 251) % 256);
  assert.equal(newCustomerToken(fixed), Buffer.from(fixed(new Uint8Array(32))).toString('base64url'));
});
