// The parts of the API description that need no server: operation ids derived from a route,
// and the servers named by KANAVA_PUBLIC_URL. test/api/openapi.test.ts checks the served
// document as a whole.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveOperationId, openApiOptions } from './openapi.js';

describe('operation ids derived from method and path', () => {
  const cases: [string, string, string][] = [
    ['GET', '/api/v1/conversations', 'listConversations'],
    ['GET', '/api/v1/conversations/:id', 'getConversation'],
    ['GET', '/api/v1/conversations/:id/messages', 'listConversationMessages'],
    ['POST', '/api/v1/conversations/:id/messages', 'createConversationMessage'],
    ['POST', '/api/v1/conversations/:id/claim', 'claimConversation'],
    ['POST', '/api/v1/conversations/:id/status', 'statusConversation'],
    ['GET', '/api/v1/mail/status', 'getMailStatus'],
    ['POST', '/api/v1/accounts', 'createAccount'],
    ['PATCH', '/api/v1/accounts/:id', 'updateAccount'],
    ['GET', '/api/v1/library', 'getLibrary'],
    ['DELETE', '/api/v1/customers/:id', 'deleteCustomer'],
    ['GET', '/api/v1/public/libraries/:slug/widget', 'getLibraryWidget'],
    ['POST', '/api/v1/public/libraries/:slug/chats', 'createLibraryChat'],
    ['POST', '/api/v1/mail-ingress/messages', 'createMailIngressMessage'],
    ['POST', '/api/v1/libraries/:slug/addresses', 'createLibraryAddress'],
  ];
  for (const [method, url, expected] of cases) {
    test(`${method} ${url} → ${expected}`, () => assert.equal(deriveOperationId(method, url), expected));
  }
});

describe('servers', () => {
  const serversOf = (publicUrl?: string) =>
    (openApiOptions({ publicUrl, description: '' }).openapi as { servers?: { url: string }[] }).servers;

  test('the public URL when one is configured, without a trailing slash', () => {
    assert.deepEqual(
      serversOf('https://kanava.example.fi/')?.map((s) => s.url),
      ['https://kanava.example.fi'],
    );
    assert.deepEqual(
      serversOf('https://example.fi/kanava/')?.map((s) => s.url),
      ['https://example.fi/kanava'],
    );
  });

  test('else the server that served the document', () => {
    assert.deepEqual(
      serversOf(undefined)?.map((s) => s.url),
      ['/'],
    );
  });
});
