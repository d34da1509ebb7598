// Saved replies: searched from the reply box, kept on the "Saved replies" screen.
import { z } from 'zod';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import { savedReplyList, savedReplyView } from '../../contract/saved-replies.js';
import { createSavedReplyBody, listSavedRepliesQuery, savedReplyParams, SEARCH_LIMIT, updateSavedReplyBody } from './schema.js';
import { createSavedReply, deleteSavedReply, listSavedReplies, updateSavedReply } from './service.js';

const tags = ['saved-replies'];
/** Most replies a list without a search answers (a library keeps tens, not thousands). */
const LIST_LIMIT = 500;

export async function savedReplyRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/saved-replies',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: `The library’s saved replies and your own; with q, the best ${SEARCH_LIMIT} matches first`,
        querystring: listSavedRepliesQuery,
        response: { 200: savedReplyList },
      },
    },
    async (request) => ({
      items: await listSavedReplies(db, staffOf(request), request.query, request.query.q?.trim() ? SEARCH_LIMIT : LIST_LIMIT),
    }),
  );

  app.post(
    '/saved-replies',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'Save a reply: your own (scope personal), or the library’s (scope library: admins and supervisors)',
        body: createSavedReplyBody,
        response: { 201: savedReplyView },
      },
    },
    async (request, reply) => reply.status(201).send(await createSavedReply(db, staffOf(request), request.body)),
  );

  app.patch(
    '/saved-replies/:id',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'Change a saved reply (your own; the library’s: admins and supervisors)',
        params: savedReplyParams,
        body: updateSavedReplyBody,
        response: { 200: savedReplyView },
      },
    },
    async (request) => updateSavedReply(db, staffOf(request), request.params.id, request.body),
  );

  app.delete(
    '/saved-replies/:id',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'Delete a saved reply (your own; the library’s: admins and supervisors)',
        params: savedReplyParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteSavedReply(db, staffOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
