// Downloading a file that came with a message: staff of the conversation's library only
// (another library's id is not found), always as a download a browser neither renders nor runs.
import { z } from 'zod';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { contentDisposition, downloadAttachment } from './attachment-service.js';

const attachmentParams = z.object({
  id: z.string().uuid().describe('Conversation id'),
  attachmentId: z.string().uuid().describe('Attachment id, from the message’s `attachments`'),
});

/** Even if a browser were to render it: no script, no plugin, no request, no same origin. */
const DOWNLOAD_CSP = "sandbox; default-src 'none'";

export async function attachmentRoutes(app: App, deps: RouteDeps): Promise<void> {
  app.get(
    '/conversations/:id/attachments/:attachmentId',
    {
      preHandler: requireStaff(),
      // After the app-wide headers (security.ts): this answer gets the strictest policy.
      onSend: async (_request, reply, payload) => {
        void reply.header('content-security-policy', DOWNLOAD_CSP);
        return payload;
      },
      schema: {
        tags: ['conversations'],
        operationId: 'downloadAttachment',
        summary:
          'Download a file of a message (Content-Disposition: attachment; served as application/octet-stream unless ' +
          'it is a plain image, PDF or text)',
        params: attachmentParams,
      },
    },
    async (request, reply) => {
      const file = await downloadAttachment(deps.database.db, staffOf(request).libraryId, request.params.id, request.params.attachmentId);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  );
}
