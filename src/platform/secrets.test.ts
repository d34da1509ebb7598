import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fromBase32, loadSecretBox, parseSecretKey, SecretBox, toBase32 } from './secrets.js';

test('a secret round-trips, and each encryption of it differs', () => {
  const box = new SecretBox(randomBytes(32));
  const a = box.encrypt('salasana ÄÖ');
  const b = box.encrypt('salasana ÄÖ');
  assert.notEqual(a, b);
  assert.ok(!a.includes('salasana'));
  assert.equal(box.decrypt(a), 'salasana ÄÖ');
});

test('another key or a changed ciphertext cannot be decrypted', () => {
  const box = new SecretBox(randomBytes(32));
  const stored = box.encrypt('secret');
  assert.throws(() => new SecretBox(randomBytes(32)).decrypt(stored));
  const parts = stored.split('.');
  parts[3] = Buffer.from('other').toString('base64url');
  assert.throws(() => box.decrypt(parts.join('.')));
  assert.throws(() => box.decrypt('plain text'));
});

test('signatures verify only for the same value and key', () => {
  const box = new SecretBox(randomBytes(32));
  const sig = box.sign('conversation-1');
  assert.match(sig, /^[a-z2-7]{10}$/);
  assert.ok(box.verify('conversation-1', sig));
  assert.ok(box.verify('conversation-1', sig.toUpperCase()));
  assert.ok(!box.verify('conversation-2', sig));
  assert.ok(!box.verify('conversation-1', sig.slice(0, 4)));
  assert.ok(!new SecretBox(randomBytes(32)).verify('conversation-1', sig));
});

test('base32 round-trips 16 bytes in 26 characters', () => {
  const bytes = randomBytes(16);
  const text = toBase32(bytes);
  assert.equal(text.length, 26);
  assert.deepEqual(fromBase32(text), bytes);
  assert.equal(fromBase32('not-base32!'), null);
});

test('the key is read from the environment, or made once in the data folder', () => {
  assert.throws(() => parseSecretKey('short'), /32 bytes/);
  assert.equal(parseSecretKey('ab'.repeat(32)).length, 32);
  const dataDir = mkdtempSync(join(tmpdir(), 'kanava-secret-'));
  const first = loadSecretBox({ secretKey: undefined, dataDir });
  const stored = first.encrypt('x');
  assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600);
  assert.equal(loadSecretBox({ secretKey: undefined, dataDir }).decrypt(stored), 'x');
  const fromEnv = loadSecretBox({ secretKey: readFileSync(join(dataDir, 'secret.key'), 'utf8'), dataDir: '/nonexistent' });
  assert.equal(fromEnv.decrypt(stored), 'x');
});
