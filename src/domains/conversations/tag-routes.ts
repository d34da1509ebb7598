// Setting a conversation's topic tags (any staff member of the library).
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App } from '../../platform/http/app.js';
import { conversationView } from '../../contract/conversations.js';
import { conversationTagsBody } from '../tags/schema.js';
import { conversationParams } from './schema.js';
import { conversationDepsOf, type ConversationRouteDeps } from './service.js';
import { setConversationTags } from './tagging.js';

export async function conversationTagRoutes(app: App, deps: ConversationRouteDeps): Promise<void> {
  const services = conversationDepsOf(deps);
  app.put(
    '/conversations/:id/tags',
    {
      preHandler: requireStaff(),
      schema: {
        tags: ['conversations'],
        summary:
          'Set the conversation’s topic tags (replaces the set; 404 for a tag not of this library, 409 tag_archived for an archived one)',
        operationId: 'setConversationTags',
        params: conversationParams,
        body: conversationTagsBody,
        response: { 200: conversationView },
      },
    },
    async (request) => setConversationTags(services, staffOf(request), request.params.id, request.body.tagIds),
  );
}
