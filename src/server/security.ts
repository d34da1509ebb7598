// Browser-facing protections that apply to every response or request.
import { AppError } from '../platform/errors.js';
import type { App } from './context.js';

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
 * Cookie-authenticated state changes must come from our own pages. SameSite=Lax already
 * keeps the cookie off cross-site POSTs; checking Origin as well covers old browsers.
 */
export function registerSameOriginCheck(app: App): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.staff) return;
    const origin = request.headers.origin;
    if (!origin) return;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('cross_site_request');
    }
    if (originHost !== request.headers.host) throw new AppError('cross_site_request');
  });
}
