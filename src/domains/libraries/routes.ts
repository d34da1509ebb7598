// The library's own settings (staff) and the public facts the chat widget needs.
import { AppError } from '../../platform/errors.js';
import { languages } from '../../platform/i18n.js';
import { requireStaff, staffOf } from '../../server/auth.js';
import type { App, AppDeps } from '../../server/context.js';
import { publicRateLimit } from '../../server/rate-limit.js';
import { isOpen, nextOpening } from './opening-hours.js';
import { slugParams } from './schema.js';
import { libraryView, widgetInfoView } from '../../contract/libraries.js';
import { updateLibraryBody } from './settings-patch.js';
import { findLibraryById, findLibraryBySlug, settingsOf, type LibraryRow } from './store.js';
import { patchLibrary } from './update-settings.js';

const tags = ['library'];

function presentLibrary(row: LibraryRow) {
  return { id: row.id, slug: row.slug, name: row.name, settings: settingsOf(row) };
}

export async function libraryRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/library',
    { preHandler: requireStaff(), schema: { tags, summary: 'The signed-in staff member’s library', response: { 200: libraryView } } },
    async (request) => {
      const row = await findLibraryById(db, staffOf(request).libraryId);
      if (!row) throw new AppError('not_found', { what: 'library' });
      return presentLibrary(row);
    },
  );

  app.patch(
    '/library',
    {
      preHandler: requireStaff('admin'),
      schema: { tags, summary: 'Change the library name or settings', body: updateLibraryBody, response: { 200: libraryView } },
    },
    async (request) => presentLibrary(await patchLibrary(db, staffOf(request), request.body)),
  );

  app.get(
    '/public/libraries/:slug/widget',
    {
      config: publicRateLimit(deps),
      schema: {
        tags: ['public'],
        summary: 'What the chat widget shows: name, welcome text, whether chat is open and staffed',
        params: slugParams,
        response: { 200: widgetInfoView },
      },
    },
    async (request) => {
      const row = await findLibraryBySlug(db, request.params.slug);
      if (!row) throw new AppError('not_found', { what: 'library' });
      const settings = settingsOf(row);
      const hours = settings.openingHours.chat ?? null;
      const now = new Date();
      // No configured hours means chat follows staff presence alone.
      const open = hours ? isOpen(hours, now, settings.timeZone) : true;
      const next = hours && !open ? nextOpening(hours, now, settings.timeZone) : null;
      return {
        slug: row.slug,
        name: row.name,
        languages: [...languages],
        welcome: settings.texts.welcome ?? null,
        offlineText: settings.texts.offline ?? null,
        chat: { open, staffOnline: deps.hub.staffOnline(row.id), nextOpening: next?.toISOString() ?? null },
        contact: settings.contact,
        openingHours: hours,
        timeZone: settings.timeZone,
      };
    },
  );
}
