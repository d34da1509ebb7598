// What the hub counts as written to a customer: only frames a socket actually took. A socket
// that dropped the frame (closing, or closed as too slow) must not mark a reply delivered.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MessageView } from '../../contract/conversations.js';
import { EventBus } from '../../platform/events.js';
import { RealtimeHub, type CustomerConnection } from './live-service.js';
import { Presence } from '../../platform/realtime/presence.js';

const libraryId = randomUUID();

function reply(conversationId: string): MessageView {
  return {
    id: randomUUID(),
    conversationId,
    seq: 2,
    kind: 'staff',
    body: 'Hei!',
    author: null,
    event: null,
    clientId: null,
    createdAt: new Date().toISOString(),
    delivery: null,
    attachments: [],
  };
}

describe('realtime hub', () => {
  function setUp(writes: boolean) {
    const bus = new EventBus();
    const hub = new RealtimeHub(bus, new Presence({ peers: null, intervalMs: 60_000 }));
    const conversationId = randomUUID();
    const frames: string[] = [];
    const customer: CustomerConnection = {
      libraryId,
      conversationId,
      customerId: randomUUID(),
      revoke: () => undefined,
      send: (frame) => {
        if (writes) frames.push(frame);
        return writes;
      },
    };
    hub.addCustomer(customer);
    const heard: string[] = [];
    hub.onCustomerMessage((_library, message) => heard.push(message.id));
    const publish = () => {
      const message = reply(conversationId);
      bus.publish({ type: 'message.created', libraryId, conversationId, message });
      return message;
    };
    return { hub, customer, conversationId, frames, heard, publish };
  }

  test('a reply a customer socket took is reported as written', () => {
    const { hub, conversationId, frames, heard, publish } = setUp(true);
    const message = publish();
    assert.equal(frames.length, 1);
    assert.deepEqual(heard, [message.id]);
    assert.equal(hub.wroteToCustomer(conversationId, message.id), true);
    assert.equal(hub.wroteToCustomer(conversationId, randomUUID()), false);
    hub.close();
  });

  test('a reply every customer socket dropped is not, though a socket is open', () => {
    const { hub, conversationId, heard, publish } = setUp(false);
    const message = publish();
    assert.equal(hub.customerSockets(conversationId), 1);
    assert.deepEqual(heard, []);
    assert.equal(hub.wroteToCustomer(conversationId, message.id), false);
    hub.close();
  });

  test('what was written is forgotten with the conversation’s last socket, and kept only for the latest replies', () => {
    const { hub, customer, conversationId, publish } = setUp(true);
    const messages = Array.from({ length: 40 }, publish);
    assert.equal(hub.wroteToCustomer(conversationId, messages.at(-1)!.id), true);
    assert.equal(hub.wroteToCustomer(conversationId, messages[0]!.id), false);
    hub.removeCustomer(customer);
    assert.equal(hub.wroteToCustomer(conversationId, messages.at(-1)!.id), false);
    hub.close();
  });
});
