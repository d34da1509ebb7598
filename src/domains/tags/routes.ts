// The library's topic tags: everyone reads them (to tag conversations), admins keep them.
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import { tagListView, tagSettingsView, tagView } from '../../contract/tags.js';
import { createTagBody, tagParams, tagSettingsBody, updateTagBody } from './schema.js';
import { createTag, listTags, setTagSettings, updateTag } from './service.js';

const tags = ['tags'];

export async function tagRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/tags',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'The library’s topic tags (archived ones too) and whether resolving needs one',
        response: { 200: tagListView },
      },
    },
    async (request) => listTags(db, staffOf(request).libraryId),
  );

  app.post(
    '/tags',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Add a topic tag (409 tag_name_taken if a tag has that name)',
        body: createTagBody,
        response: { 201: tagView },
      },
    },
    async (request, reply) => reply.status(201).send(await createTag(db, staffOf(request).libraryId, request.body.name)),
  );

  app.patch(
    '/tags/:id',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Rename a topic tag, archive it or bring it back',
        params: tagParams,
        body: updateTagBody,
        response: { 200: tagView },
      },
    },
    async (request) => updateTag(db, staffOf(request).libraryId, request.params.id, request.body),
  );

  app.patch(
    '/tag-settings',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Whether a conversation is resolved only with a topic tag',
        operationId: 'updateTagSettings',
        body: tagSettingsBody,
        response: { 200: tagSettingsView },
      },
    },
    async (request) => setTagSettings(db, staffOf(request).libraryId, request.body.requiredAtResolve),
  );
}
