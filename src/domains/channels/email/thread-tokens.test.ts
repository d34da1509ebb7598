import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretBox } from '../../../platform/secrets.js';
import {
  conversationIdFromAddress,
  deliveryIdFromMessageId,
  outgoingMessageId,
  referenceFromSubject,
  replyAddress,
  subjectReference,
} from './thread-tokens.js';

const secrets = new SecretBox(randomBytes(32));

test('a Message-ID of ours names its delivery, and only with our signature', () => {
  const delivery = randomUUID();
  const id = outgoingMessageId(secrets, delivery, 'Kirjasto@Example.FI');
  assert.match(id, /^kanava\.[a-z2-7]{26}\.[a-z2-7]{8}@example\.fi$/);
  assert.equal(deliveryIdFromMessageId(secrets, id), delivery);
  assert.equal(deliveryIdFromMessageId(secrets, `<${id}>`), delivery);
  assert.equal(deliveryIdFromMessageId(new SecretBox(randomBytes(32)), id), null);
  const sig = id.split('@')[0]!.split('.')[2]!;
  const tampered = id.replace(`.${sig}@`, `.${sig.slice(0, 7)}${sig.endsWith('a') ? 'b' : 'a'}@`);
  assert.equal(deliveryIdFromMessageId(secrets, tampered), null);
  assert.equal(deliveryIdFromMessageId(secrets, 'CAF=abc@mail.gmail.com'), null);
});

test('the reply address carries the conversation and survives a case change', () => {
  const conversation = randomUUID();
  const address = replyAddress(secrets, conversation, 'kirjasto+old@example.fi');
  assert.match(address, /^kirjasto\+k[a-z2-7]{34}@example\.fi$/);
  assert.ok(address.split('@')[0]!.length <= 64, 'fits an email local part');
  assert.equal(conversationIdFromAddress(secrets, address), conversation);
  assert.equal(conversationIdFromAddress(secrets, address.toUpperCase()), conversation);
  const other = replyAddress(secrets, randomUUID(), 'kirjasto@example.fi');
  const forged = address.slice(0, address.indexOf('+k') + 28) + other.slice(other.indexOf('@') - 8);
  assert.equal(conversationIdFromAddress(secrets, forged), null);
  assert.equal(conversationIdFromAddress(secrets, 'kirjasto@example.fi'), null);
});

test('the subject reference is read back from a forwarded, prefixed subject', () => {
  const conversation = randomUUID();
  const reference = subjectReference(conversation);
  assert.match(reference, /^\[#[0-9A-F]{10}\]$/);
  assert.equal(referenceFromSubject(`VS: SV: Laina ${reference}`), conversation.replace(/-/g, '').slice(0, 10));
  assert.equal(referenceFromSubject('Re: Laina #123'), null);
});
