// Staff read a mail in its original layout: GET …/messages/:messageId/html answers the
// sanitised HTML as a document for a sandboxed frame (mail-view-service.ts says why it is safe).
import { z } from 'zod';
import { requireStaff, staffOf } from '../../../platform/http/auth.js';
import type { App, RouteDeps } from '../../../platform/http/app.js';
import { MAIL_HTML_HEADERS, mailHtmlOf } from './mail-view-service.js';

const mailHtmlParams = z.object({
  id: z.string().uuid().describe('Conversation id'),
  messageId: z.string().uuid().describe('Message id'),
});

export async function mailHtmlRoutes(app: App, deps: RouteDeps): Promise<void> {
  app.get(
    '/conversations/:id/messages/:messageId/html',
    {
      // Signed in first, then the ids checked: a caller without a session learns nothing, not
      // even which ids are well formed. (The preHandler guard marks the route as staff-only.)
      preValidation: requireStaff(),
      preHandler: requireStaff(),
      // The app's page policy is replaced by the mail's own stricter one, and the document may
      // be framed by the staff app (its frame is sandboxed): set after the app-wide headers.
      onSend: async (_request, reply, payload) => {
        if (reply.statusCode === 200) {
          void reply.headers(MAIL_HTML_HEADERS);
          reply.removeHeader('x-frame-options');
        }
        return payload;
      },
      schema: {
        tags: ['conversations'],
        summary:
          'A mail’s original layout: its sanitised HTML part as a document for a sandboxed frame (text/html; 404 when the mail has no HTML part)',
        operationId: 'getMessageHtml',
        params: mailHtmlParams,
        produces: ['text/html'],
        response: { 200: z.string().describe('An HTML document; no script runs in it and it loads nothing') },
      },
    },
    async (request, reply) => {
      const html = await mailHtmlOf(deps.database.db, staffOf(request).libraryId, request.params.id, request.params.messageId);
      return reply.headers(MAIL_HTML_HEADERS).send(html);
    },
  );
}
