// Whether a secret a client made itself (the chat widget's customer token) plausibly came
// from a random generator. Proving randomness is impossible; this refuses the tokens a person
// or a broken client would make — one symbol repeated, a short pattern, the alphabet in
// order, a short alphabet (hex, digits) — while a token of crypto-random bytes passes with
// overwhelming probability. The token is base64url, so each character stands for 6 random
// bits and is one of 64 symbols; for 32 random bytes (43 characters):
//
// - at least 17 different symbols: random ones have 31.5 on average, fewer than 17 with a
//   probability of 2·10⁻¹² (exact occupancy distribution); hex has at most 16;
// - Shannon entropy of the symbols, and of the steps between neighbours (which are uniform
//   and independent for random symbols too), of at least 3.5 bits: 2,000,000 random tokens
//   never went below 4.05 bits; the alphabet in order has 0 bits of steps;
// - at most (length − 2) / 8 repeated three-character groups: random tokens have 0.003 on
//   average; a block written twice repeats half of them.
//
// src/platform/auth/token-randomness.test.ts runs 10,000 tokens of 32 random bytes (and
// longer ones) through it, and the made-up kinds above.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export const MIN_RANDOM_BYTES = 32;
const MIN_DISTINCT_SYMBOLS = 17;
const MIN_ENTROPY_BITS = 3.5;

function entropyBits(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / values.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Whether `token` is base64url of at least 32 bytes that look random (see above). */
export function looksRandom(token: string): boolean {
  if (!BASE64URL.test(token) || Math.floor((token.length * 6) / 8) < MIN_RANDOM_BYTES) return false;
  const symbols = Array.from(token, (c) => ALPHABET.indexOf(c));
  if (new Set(symbols).size < MIN_DISTINCT_SYMBOLS) return false;
  if (entropyBits(symbols) < MIN_ENTROPY_BITS) return false;
  const steps = symbols.slice(1).map((symbol, i) => (symbol - (symbols[i] ?? 0) + 64) % 64);
  if (entropyBits(steps) < MIN_ENTROPY_BITS) return false;
  const groups = new Set<string>();
  for (let i = 0; i + 3 <= token.length; i += 1) groups.add(token.slice(i, i + 3));
  const repeated = token.length - 2 - groups.size;
  return repeated <= (token.length - 2) / 8;
}
