// Serves the built front ends: the staff app at /app/, the widget bundle at /widget/ and a
// demo library page with the widget at /demo/:slug. They are built by `npm run build`
// (part of `npm start`); when a bundle is missing the page says how to build it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { isLanguage } from '../contract/languages.js';
import type { App } from '../platform/http/app.js';
import { codeRoot, packageRoot } from '../platform/paths.js';
import type { AppDeps } from './context.js';

// From the package root and the code root (src/ or dist/server/), so that the compiled server finds them too.
export const webDist = join(packageRoot, 'dist', 'web');
export const widgetDist = join(packageRoot, 'dist', 'widget');
const demoTemplate = join(codeRoot, 'widget', 'demo.html');
// The demo page's style sheet: a file, as the page's Content-Security-Policy allows no inline style.
const demoStyles = join(codeRoot, 'widget', 'demo.css');
// The demo page's own text: a catalogue apart from the widget's, which ships in its bundle.
const demoCatalogue = (lang: string) => join(codeRoot, 'i18n', lang, 'demo.json');

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function registerStaticFiles(app: App, deps: AppDeps): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/'));

  if (existsSync(join(webDist, 'index.html'))) {
    // wildcard: false serves the files found at start; other /app/ paths get the app shell.
    await app.register(fastifyStatic, { root: webDist, prefix: '/app/', decorateReply: false, index: 'index.html', wildcard: false });
    const indexHtml = readFileSync(join(webDist, 'index.html'));
    // Client-side routes under /app/ all load the app shell.
    app.get('/app/*', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(indexHtml));
  } else {
    app.get('/app/*', { schema: { hide: true } }, async (_request, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The staff app is not built yet: run `npm run build`.\n'),
    );
  }

  if (existsSync(widgetDist)) {
    await app.register(fastifyStatic, {
      root: widgetDist,
      prefix: '/widget/',
      decorateReply: false,
      setHeaders: (reply) => void reply.header('access-control-allow-origin', '*'),
    });
  }

  app.get('/demo/demo.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(readFileSync(demoStyles)),
  );

  app.get(
    '/demo/:slug',
    {
      schema: {
        hide: true,
        params: z.object({ slug: z.string().regex(/^[a-z0-9-]{3,50}$/) }),
        querystring: z.object({ lang: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const library = await deps.database.db
        .selectFrom('libraries')
        .select(['slug'])
        .where('slug', '=', request.params.slug)
        .executeTakeFirst();
      if (!library) throw new AppError('not_found', { what: 'library' });
      if (!existsSync(demoTemplate)) throw new AppError('unavailable');
      const lang = isLanguage(request.query.lang) ? request.query.lang : 'fi';
      // The page's own text in the chosen language.
      const texts = JSON.parse(readFileSync(demoCatalogue(lang), 'utf8')) as Record<string, string>;
      const html = readFileSync(demoTemplate, 'utf8')
        .replace(/\{\{t:([\w.]+)\}\}/g, (_, key: string) => escapeHtml(texts[key] ?? key))
        .replace(/\{\{current:(\w+)\}\}/g, (_, language: string) => (language === lang ? 'aria-current="page"' : ''))
        .replaceAll('{{slug}}', escapeHtml(library.slug))
        .replaceAll('{{lang}}', lang);
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );
}
