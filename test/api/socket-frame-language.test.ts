// A bad frame on either socket is answered in the socket's language, worded like HTTP
// validation errors: each socket's ?lang= (the language chosen in the widget or the staff
// app) over the browser's Accept-Language. zod's own English must not leak into a Swedish answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { t } from '../../src/platform/i18n.js';
import type { Language } from '../../src/contract/languages.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { TestSocket, type Frame } from '../support/ws.js';

const zodEnglish = /\b(Invalid|expected|received|Too small)\b/;

/** Sends each frame and returns the error frames' messages, in order. */
async function errorsFor(socket: TestSocket, frames: unknown[]): Promise<string[]> {
  const messages: string[] = [];
  for (const frame of frames) {
    const seen = socket.frames.length;
    if (typeof frame === 'string') socket.socket.send(frame);
    else socket.send(frame);
    const error = await socket.waitFor((f: Frame) => f.type === 'error' && socket.frames.indexOf(f) >= seen);
    assert.equal(error.code, 'invalid_frame');
    messages.push(String(error.message));
  }
  return messages;
}

/** The catalogue's sentence around a summary, e.g. "Meddelandet kunde inte läsas: …". */
const invalidFrame = (language: Language, summary: RegExp) =>
  new RegExp(`^${t(language, 'error.invalid_frame', { summary: '' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${summary.source}`);

for (const backend of testBackends()) {
  describe(`socket frame errors in the socket's language [${backend}]`, () => {
    let app: TestApp;
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      cookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
    });
    after(() => app.close());

    test('customer socket: ?lang=sv answers in Swedish even when the browser asks for Finnish', async () => {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws?lang=sv`, { 'accept-language': 'fi' });
      try {
        const [notJson, shortId] = await errorsFor(socket, ['not json', { type: 'send', clientId: 'x', body: 'hej' }]);
        assert.match(notJson!, invalidFrame('sv', /Ogiltig inmatning: förväntat object, fick null$/));
        assert.match(shortId!, invalidFrame('sv', /clientId: För lite/));
        for (const message of [notJson!, shortId!]) assert.doesNotMatch(message, zodEnglish);
      } finally {
        socket.close();
      }
      // The same frame in English on an English socket: the language is the socket's, not fixed.
      const english = await TestSocket.open(`${app.wsUrl}/api/v1/public/chat/ws?lang=en`, { 'accept-language': 'sv' });
      try {
        const [message] = await errorsFor(english, ['not json']);
        assert.match(message!, invalidFrame('en', /Invalid input: expected object, received null$/));
      } finally {
        english.close();
      }
    });

    test('staff socket: Accept-Language sv answers in Swedish', async () => {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie, 'accept-language': 'sv-FI,sv;q=0.9' });
      try {
        await socket.waitFor((f) => f.type === 'ready');
        const [notJson, badStatus, badSeq] = await errorsFor(socket, [
          'not json',
          { type: 'presence', status: 'busy' },
          { type: 'subscribe', conversationId: '00000000-0000-4000-8000-000000000000', lastSeq: 'many' },
        ]);
        assert.match(notJson!, invalidFrame('sv', /Ogiltig inmatning: förväntat object, fick null$/));
        assert.match(badStatus!, invalidFrame('sv', /status: Ogiltigt/));
        assert.match(badSeq!, invalidFrame('sv', /lastSeq: /));
        for (const message of [notJson!, badStatus!, badSeq!]) assert.doesNotMatch(message, zodEnglish);
        // The socket stays usable after bad frames.
        socket.send({ type: 'ping' });
        await socket.waitFor((f) => f.type === 'pong');
      } finally {
        socket.close();
      }
    });

    test('staff socket: ?lang= (the staff app’s chosen language) wins over the browser’s; another value is refused', async () => {
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws?lang=sv`, { cookie, 'accept-language': 'fi' });
      try {
        await socket.waitFor((f) => f.type === 'ready');
        const [message] = await errorsFor(socket, ['not json']);
        assert.match(message!, invalidFrame('sv', /Ogiltig inmatning: förväntat object, fick null$/));
      } finally {
        socket.close();
      }
      await assert.rejects(TestSocket.open(`${app.wsUrl}/api/v1/ws?lang=de`, { cookie }), /400/);
    });
  });
}
