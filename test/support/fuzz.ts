// Seeded hostile input for the fuzz test: the same seed gives the same requests, so a
// failure names a request that can be sent again.
import type { App } from '../../src/platform/http/app.js';

/** mulberry32: small, fast, good enough to pick inputs. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

// Path segments and strings a hostile client tries: dot segments, encoded dots and slashes,
// NUL, bad percent-encoding, overlong, odd Unicode, injection-looking text.
export const HOSTILE_SEGMENTS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%2E',
  '.%2e',
  '%00',
  'a%00b',
  '%zz',
  '%',
  '%c0%ae',
  '%ff',
  '%2f',
  '%5c',
  '/',
  '//',
  '\\',
  '~',
  '*',
  'null',
  'undefined',
  '-1',
  '0',
  '1e309',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "' OR 1=1 --",
  '<script>',
  '${7*7}',
  '__proto__',
  'constructor',
  'é',
  '𝔘',
  '\u202e',
  'a'.repeat(201),
  'a'.repeat(5000),
];

export function hostileString(rng: Rng): string {
  const r = rng();
  if (r < 0.6) return pick(rng, HOSTILE_SEGMENTS);
  if (r < 0.8) return Array.from({ length: Math.floor(rng() * 40) }, () => String.fromCharCode(Math.floor(rng() * 0x3000))).join('');
  return Array.from({ length: Math.floor(rng() * 3) + 1 }, () => pick(rng, HOSTILE_SEGMENTS)).join('/');
}

/** Any JSON value, shaped like what a schema might expect or not at all. */
export function hostileJson(rng: Rng, keys: string[], depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.15) return pick(rng, [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, '', [], {}]);
  if (r < 0.45) return hostileString(rng).replaceAll('%00', '\u0000');
  if (r < 0.6) return Array.from({ length: Math.floor(rng() * 4) }, () => hostileJson(rng, keys, depth + 1));
  const object: Record<string, unknown> = {};
  const count = Math.floor(rng() * 5);
  for (let i = 0; i < count; i += 1) {
    const key = keys.length > 0 && rng() < 0.8 ? pick(rng, keys) : hostileString(rng);
    object[key] = hostileJson(rng, keys, depth + 1);
  }
  return object;
}

export interface Route {
  method: string;
  url: string;
}

// printRoutes draws a tree; each line is one node: `├── segment (METHODS)`.
const NODE = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/u;

/**
 * Every route the app has, read from its printed route tree and confirmed with hasRoute (a
 * wildcard under a static prefix prints without its prefix, so `prefixes` names those).
 */
export function appRoutes(app: App, prefixes: string[]): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = NODE.exec(line);
    if (!node) continue;
    const depth = node[1]!.length / 4;
    stack.length = depth;
    const url = (stack[depth - 1] ?? '') + node[2]!;
    stack[depth] = url;
    for (const method of node[3]?.split(', ') ?? []) {
      const candidates = node[2] === '*' ? [url, ...prefixes.map((p) => `${p}*`)] : [url];
      for (const candidate of candidates) {
        if (app.hasRoute({ method: method as 'GET', url: candidate })) routes.push({ method, url: candidate });
      }
    }
  }
  return routes;
}
