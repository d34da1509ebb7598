// The small rules of the ingest: what a conversation's subject becomes, and where the
// Message-ID of a message too large to parse is found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationSubject, messageIdFromHead } from './ingest.js';
import { answeredIds } from './threading.js';
import { contentDisposition } from '../../conversations/attachment-service.js';

test('the conversation subject drops reply and forward prefixes of every language, and our reference', () => {
  assert.equal(conversationSubject('Re: VS: SV: AW: Fwd: Lainat'), 'Lainat');
  assert.equal(conversationSubject('RE[2]: Kaukolaina [#3F2A9C1B7E]'), 'Kaukolaina');
  assert.equal(conversationSubject('Vs: Äänikirjat ja åäö'), 'Äänikirjat ja åäö');
  assert.equal(conversationSubject('Revontulet'), 'Revontulet', 'a word starting with "Re" stays');
  assert.equal(conversationSubject('Re: '), null);
  assert.equal(conversationSubject(null), null);
});

test('the Message-ID of a cut message is read from its header block only (folded lines too)', () => {
  assert.equal(messageIdFromHead(Buffer.from('From: a@b\r\nMessage-ID:\r\n <abc@x.example>\r\n\r\nbody')), 'abc@x.example');
  assert.equal(messageIdFromHead(Buffer.from('From: a@b\r\n\r\nMessage-ID: <in-body@x>\r\n')), null);
});

test('the messages a mail answers: In-Reply-To first, then References newest first, once each', () => {
  assert.deepEqual(answeredIds({ inReplyTo: 'c@x', references: ['a@x', 'b@x', 'c@x'] }), ['c@x', 'b@x', 'a@x']);
});

test('a download names the file in UTF-8 with an ASCII fallback that cannot break the header', () => {
  assert.equal(contentDisposition('lasku "1".pdf'), `attachment; filename="lasku _1_.pdf"; filename*=UTF-8''lasku%20%221%22.pdf`);
  assert.equal(contentDisposition('ö.txt'), `attachment; filename="_.txt"; filename*=UTF-8''%C3%B6.txt`);
});
