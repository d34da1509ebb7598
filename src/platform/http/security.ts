// Browser-facing protections that apply to every response or request.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { App } from './app.js';

export function registerSecurityHeaders(app: App): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'same-origin');
    if (!request.url.startsWith('/widget/') && !request.url.startsWith('/api/v1/public/')) {
      // Staff pages must not be framed by other sites (clickjacking).
      void reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether the request's Origin is our own: the host the browser addressed (Host header) or,
 * behind a reverse proxy that rewrites Host, the configured public URL. A request without
 * Origin comes from a non-browser client (browsers always send it on cross-origin requests
 * and WebSocket handshakes) and counts as same-origin: it carries no ambient cookie risk.
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
  if (parsed.host === request.headers.host) return true;
  return publicUrl !== undefined && parsed.origin === new URL(publicUrl).origin;
}

/** Refuses a cross-site request with 403 `cross_site_request`. */
export function assertSameOrigin(request: FastifyRequest, publicUrl?: string): void {
  if (!isSameOrigin(request, publicUrl)) throw new AppError('cross_site_request');
}

/**
 * Cookie-authenticated state changes must come from our own pages. SameSite=Lax already
 * keeps the cookie off cross-site POSTs; checking Origin as well covers old browsers.
 * WebSocket handshakes are GETs, so cookie-authenticated sockets check Origin themselves
 * (`requireSameOrigin` on the route).
 */
export function registerSameOriginCheck(app: App, options: { publicUrl?: string | undefined } = {}): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.staff) return;
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
