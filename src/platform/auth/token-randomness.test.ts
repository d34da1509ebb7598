// The plausibility check on client-made secrets: every token made the way the widget makes
// them passes, made-up ones fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { looksRandom } from './token-randomness.js';

test('10,000 tokens of 32 crypto-random bytes all pass, and longer ones too', () => {
  for (let i = 0; i < 10_000; i += 1) {
    const token = randomBytes(32).toString('base64url');
    assert.ok(looksRandom(token), token);
  }
  for (const bytes of [33, 48, 64, 75]) {
    for (let i = 0; i < 1_000; i += 1) {
      const token = randomBytes(bytes).toString('base64url');
      assert.ok(looksRandom(token), token);
    }
  }
});

test('made-up, patterned and short-alphabet tokens fail', () => {
  const random = randomBytes(32).toString('base64url');
  const weak: Record<string, string> = {
    'one symbol': 'A'.repeat(43),
    'two symbols alternating': 'AB'.repeat(22),
    'a short block repeated': 'abc123'.repeat(8),
    'a random block repeated': random.slice(0, 22).repeat(2),
    'a random block repeated three times': random.slice(0, 15).repeat(3),
    'the alphabet in order': 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.slice(0, 43),
    'every other letter': 'ACEGIKMOQSUWYacegikmoqsuwy02468ACEGIKMOQSUWY',
    'hex (16 symbols)': randomBytes(32).toString('hex'),
    'digits only': Array.from(randomBytes(50), (b) => String(b % 10)).join(''),
    'eight letters': Array.from(randomBytes(50), (b) => 'abcdefgh'[b % 8]).join(''),
    'mostly one symbol': 'A'.repeat(26) + random.slice(0, 17),
    'too short to be 32 bytes': random.slice(0, 42),
    'not base64url': random.slice(0, 42) + '+',
  };
  for (const [name, token] of Object.entries(weak)) assert.equal(looksRandom(token), false, `${name}: ${token}`);
});
