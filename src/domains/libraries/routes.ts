// The library's own settings (staff) and the public facts the chat widget needs.
import { z } from 'zod';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import { rateLimitPerMinute } from '../../platform/http/rate-limit.js';
import type { Presence } from '../../platform/realtime/presence.js';
import { libraryView, widgetInfoView } from '../../contract/libraries.js';
import { slugParams } from './schema.js';
import { getLibrary, presentLibrary, widgetInfo } from './service.js';
import { updateLibraryBody } from './settings-patch.js';
import { patchLibrary } from './update-settings.js';

const tags = ['library'];

/** An If-Match value as sent (`"v"` or `W/"v"` or bare `v`) without its quotes. */
const unquote = (value: string | undefined): string | undefined => value?.replace(/^(W\/)?"(.*)"$/, '$2');

export async function libraryRoutes(app: App, deps: RouteDeps & { presence: Pick<Presence, 'staffOnline'> }): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/library',
    { preHandler: requireStaff(), schema: { tags, summary: 'The signed-in staff member’s library', response: { 200: libraryView } } },
    async (request) => getLibrary(db, staffOf(request).libraryId),
  );

  app.patch(
    '/library',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Change the library name or settings',
        headers: z.object({
          'if-match': z
            .string()
            .max(200)
            .optional()
            .describe('The version the changes were made on (GET /library); another one is refused with 409 settings_changed'),
        }),
        body: updateLibraryBody,
        response: { 200: libraryView },
      },
    },
    async (request) => presentLibrary(await patchLibrary(db, staffOf(request), request.body, unquote(request.headers['if-match']))),
  );

  app.get(
    '/public/libraries/:slug/widget',
    {
      config: rateLimitPerMinute(deps.config.publicRateLimit),
      schema: {
        tags: ['public'],
        summary: 'What the chat widget shows: name, welcome text, whether chat is open and staffed',
        params: slugParams,
        response: { 200: widgetInfoView },
      },
    },
    async (request) => widgetInfo(db, request.params.slug, (libraryId) => deps.presence.staffOnline(libraryId)),
  );
}
