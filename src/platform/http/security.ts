// Browser-facing protections that apply to every response or request: security headers
// (CSP, HSTS, no caching of API answers), the Host check against DNS rebinding and the
// same-origin check of cookie-authenticated changes.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { App } from './app.js';

export interface SecurityOptions {
  /** KANAVA_PUBLIC_URL: the one origin the staff app is served from, when set. */
  publicUrl?: string | undefined;
}

/**
 * The Content-Security-Policy of every page we serve (staff app, demo page): no inline script
 * or style, nothing from other origins, never framed. 'self' in connect-src covers the
 * same-origin WebSocket (ws: on http, wss: on https). Lit's styles are constructed style
 * sheets (adoptedStyleSheets) and React sets styles through the CSSOM: neither needs
 * 'unsafe-inline'.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const HSTS = 'max-age=31536000';

export function registerSecurityHeaders(app: App, options: SecurityOptions = {}): void {
  const https = options.publicUrl !== undefined && new URL(options.publicUrl).protocol === 'https:';
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    // On every answer: it takes effect on HTML, and an HTML answer made some other way (an
    // error page, a static file) is covered too. Scripts and JSON ignore it.
    void reply.header('content-security-policy', PAGE_CSP);
    if (!request.url.startsWith('/widget/') && !request.url.startsWith('/api/v1/public/')) {
      // Staff pages must not be framed by other sites (clickjacking; frame-ancestors for older browsers).
      void reply.header('x-frame-options', 'DENY');
    }
    // API answers carry personal data (staff) or a customer's token (widget start): no browser
    // or proxy keeps them. Static files (/app/, /widget/) keep their own caching.
    if (request.url.startsWith('/api/v1/')) void reply.header('cache-control', 'no-store');
    if (https) void reply.header('strict-transport-security', HSTS);
    return payload;
  });
}

/** A literal loopback host: only a browser on this machine addressing it directly sends it. */
function isLoopbackHostname(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The request's own origin as the client addressed it (scheme, host and port); respects KANAVA_TRUST_PROXY. */
function ownOrigin(request: FastifyRequest): URL | null {
  try {
    return new URL(`${request.protocol}://${request.host}`);
  } catch {
    return null;
  }
}

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

/**
 * Whether the Host the request names is ours: the public URL's host name (and port, when the
 * Host names one), or a literal loopback address (local health checks, a reverse proxy that
 * passes its upstream address). A browser always sends the name it addressed, so a page whose
 * DNS name was re-pointed at this server (DNS rebinding) names its own host and is refused.
 */
export function isOwnHost(request: FastifyRequest, publicUrl: string): boolean {
  const expected = new URL(publicUrl);
  let host: URL;
  try {
    host = new URL(`${expected.protocol}//${request.host}`);
  } catch {
    return false;
  }
  if (host.username || host.password || host.pathname !== '/' || host.search || host.hash) return false;
  if (isLoopbackHostname(host.hostname)) return true;
  return host.hostname === expected.hostname && (host.port === '' || defaultPort(host) === defaultPort(expected));
}

/**
 * With KANAVA_PUBLIC_URL set, a request for another host is answered 421 `misdirected_request`
 * (DNS rebinding). /healthz stays open to load balancers, which probe by address.
 */
export function registerHostCheck(app: App, options: SecurityOptions = {}): void {
  const { publicUrl } = options;
  if (publicUrl === undefined) return;
  app.addHook('onRequest', async (request) => {
    if (request.url === '/healthz' || request.url.startsWith('/healthz?')) return;
    if (!isOwnHost(request, publicUrl)) throw new AppError('misdirected_request');
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether the request's Origin is our own, scheme, host and port alike. With KANAVA_PUBLIC_URL
 * set, that is its origin (or, on a loopback address, the request's own origin: an admin on the
 * machine itself); without it, the request's own origin (Host, and the scheme it came in by —
 * X-Forwarded-Proto/-Host when KANAVA_TRUST_PROXY trusts the proxy). A request without Origin
 * comes from a non-browser client (browsers always send it on cross-origin requests and
 * WebSocket handshakes) and counts as same-origin: it carries no ambient cookie risk.
 */
export function isSameOrigin(request: FastifyRequest, publicUrl?: string): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" of sandboxed frames and file:// pages
  }
  if (parsed.origin === 'null') return false;
  if (publicUrl !== undefined && parsed.origin === new URL(publicUrl).origin) return true;
  const own = ownOrigin(request);
  if (own === null || parsed.origin !== own.origin) return false;
  return publicUrl === undefined || isLoopbackHostname(own.hostname);
}

/** Refuses a cross-site request with 403 `cross_site_request`. */
export function assertSameOrigin(request: FastifyRequest, publicUrl?: string): void {
  if (!isSameOrigin(request, publicUrl)) throw new AppError('cross_site_request');
}

/**
 * Cookie-authenticated state changes, and signing in, must come from our own pages.
 * SameSite=Lax already keeps the cookie off cross-site POSTs; checking Origin as well covers
 * old browsers, and on sign-in it stops another site signing a browser into its account.
 * The public (widget) endpoints are called from library websites and carry no cookie.
 * WebSocket handshakes are GETs, so cookie-authenticated sockets check Origin themselves
 * (`requireSameOrigin` on the route).
 */
export function registerSameOriginCheck(app: App, options: SecurityOptions = {}): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (!request.staff && !request.url.startsWith('/api/v1/auth/')) return;
    assertSameOrigin(request, options.publicUrl);
  });
}

/**
 * preHandler for cookie-authenticated WebSocket routes: a page on another site could
 * otherwise open a signed-in staff member's socket (the browser sends the cookie with the
 * handshake, and WebSockets are not bound by CORS) and read everything it receives.
 */
export function requireSameOrigin(publicUrl?: string) {
  return async (request: FastifyRequest): Promise<void> => assertSameOrigin(request, publicUrl);
}
