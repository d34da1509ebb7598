// The install's secret key and what it protects: mailbox passwords encrypted at rest
// (AES-256-GCM, a fresh IV per value) and signed tokens that must not be forged (the email
// reply address that threads a customer's answer back to their conversation).
//
// The key comes from KANAVA_SECRET_KEY (32 bytes, base64 or hex). Without it, a key is made
// once and kept in the data folder (`secret.key`, mode 0600), which suits one instance;
// several instances on one PostgreSQL must be given the same KANAVA_SECRET_KEY.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.key = key;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url: safe to store in a text column. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Throws when the value was not made with this key (another install's, or tampered with). */
  decrypt(stored: string): string {
    const [version, iv, tag, data] = stored.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('not a stored secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A short keyed signature of `value` (base32-ish, lower case, `length` characters). */
  sign(value: string, length = 10): string {
    return toBase32(createHmac('sha256', this.key).update(value).digest()).slice(0, length);
  }

  verify(value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(value, signature.length));
    const given = Buffer.from(signature.toLowerCase());
    return signature.length >= 8 && expected.length === given.length && timingSafeEqual(expected, given);
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 in lower case without padding: fits an email local part. */
export function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32(text: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.toLowerCase()) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Parses KANAVA_SECRET_KEY: 32 bytes as base64 or 64 hex digits. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('KANAVA_SECRET_KEY must be 32 bytes, as base64 or 64 hex digits (e.g. `openssl rand -base64 32`)');
  return key;
}

/** The configured key, else the data folder's own (made on first use). */
export function loadSecretBox(options: { secretKey: string | undefined; dataDir: string }): SecretBox {
  if (options.secretKey) return new SecretBox(parseSecretKey(options.secretKey));
  const path = join(options.dataDir, 'secret.key');
  try {
    return new SecretBox(parseSecretKey(readFileSync(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // wx: two processes starting at once must not each write a different key.
    writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    return new SecretBox(key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return new SecretBox(parseSecretKey(readFileSync(path, 'utf8')));
  }
}
