// A client breaking the WebSocket protocol (unmasked frames, RSV bits, bad opcodes, invalid
// UTF-8, an oversize frame) is its fault: the socket is closed, and the log gets one info
// line with the code and no stack per connection, nothing at error level (issue 14). Raw
// bytes over TCP after a valid handshake, as no well-behaved client library would send them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import { LEVEL, LogCapture } from '../support/log.js';

/** A frame from the client as the protocol wants it (masked), with the first byte given. */
function masked(first: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([first, 0x80 | payload.length]), mask, body]);
}

const BAD_FRAMES: { name: string; code: string; bytes: Buffer }[] = [
  { name: 'an unmasked frame', code: 'WS_ERR_EXPECTED_MASK', bytes: Buffer.from([0x81, 0x02, 0x68, 0x69]) },
  { name: 'RSV1 without compression', code: 'WS_ERR_UNEXPECTED_RSV_1', bytes: masked(0xc1, Buffer.from('hi')) },
  { name: 'RSV2', code: 'WS_ERR_UNEXPECTED_RSV_2_3', bytes: masked(0xa1, Buffer.from('hi')) },
  { name: 'an unknown opcode', code: 'WS_ERR_INVALID_OPCODE', bytes: masked(0x83, Buffer.from('hi')) },
  { name: 'invalid UTF-8 text', code: 'WS_ERR_INVALID_UTF8', bytes: masked(0x81, Buffer.from([0xff, 0xfe, 0xfd])) },
  {
    name: 'a frame over 64 KiB',
    code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    // 64-bit length 100,000: refused from the header, before any payload.
    bytes: Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x01, 0x86, 0xa0]),
  },
];

/** Opens a socket with a valid handshake; resolves once the server switched protocols. */
async function handshake(app: TestApp, path: string, headers: Record<string, string> = {}): Promise<Socket> {
  const url = new URL(app.baseUrl);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra.join('')}\r\n`,
  );
  let received = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (received.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`handshake refused: ${received.slice(0, 200)}`));
    };
    socket.on('data', onData);
  });
  socket.on('error', () => undefined);
  return socket;
}

/** Resolves when the server has closed the connection; fails the test if it stays open. */
function closedWithin(socket: Socket, ms = 5000): Promise<void> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server left the socket open')), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.resume();
  });
}

for (const backend of testBackends()) {
  describe(`WebSocket protocol errors [${backend}]`, () => {
    let app: TestApp;
    const log = new LogCapture();
    let cookie: string;

    before(async () => {
      app = await startTestApp(backend, {}, { log });
      const library = await buildLibrary(app.db);
      cookie = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
    });
    after(() => app.close());

    const sockets = (): { name: string; path: string; headers: Record<string, string> }[] => [
      { name: 'customer', path: '/api/v1/public/chat/ws', headers: {} },
      { name: 'staff', path: '/api/v1/ws', headers: { cookie } },
    ];

    test('each bad frame closes the socket and is logged once, at info, with its code and no stack', async () => {
      for (const { name, path, headers } of sockets()) {
        for (const frame of BAD_FRAMES) {
          const mark = log.mark();
          const socket = await handshake(app, path, headers);
          // The same fault twice: the second must not be logged again.
          socket.write(Buffer.concat([frame.bytes, frame.bytes]));
          await closedWithin(socket);
          await sleep(30);
          const lines = log.since(mark);
          const what = `${name} socket, ${frame.name}:\n${LogCapture.show(lines)}`;
          assert.equal(log.atLeast(LEVEL.warn, mark).length, 0, what);
          const reported = lines.filter((l) => l.code === frame.code);
          assert.equal(reported.length, 1, what);
          assert.ok(reported[0]!.level <= LEVEL.info, what);
          assert.ok(!JSON.stringify(reported[0]).includes('stack'), what);
        }
      }
    });
  });
}
