// Staff endpoints on the inbox: list, read, reply or note, claim, assign, change status.
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App } from '../../platform/http/app.js';
import {
  assignBody,
  claimBody,
  conversationParams,
  listConversationsQuery,
  listMessagesQuery,
  mergeBody,
  replyBody,
  statusBody,
} from './schema.js';
import { conversationPage, conversationView, messagePage, messageView } from '../../contract/conversations.js';
import {
  assign,
  changeStatus,
  claim,
  conversationDepsOf,
  getConversation,
  listConversationMessages,
  listConversationPage,
  mergeConversations,
  postMessage,
  type ConversationRouteDeps,
} from './service.js';
import { queueIdsOf } from '../queues/service.js';

const tags = ['conversations'];

export async function conversationRoutes(app: App, deps: ConversationRouteDeps): Promise<void> {
  const { db } = deps.database;
  const services = conversationDepsOf(deps);

  app.get(
    '/conversations',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'The inbox: conversations of the library, latest activity first',
        querystring: listConversationsQuery,
        response: { 200: conversationPage },
      },
    },
    async (request) => {
      const staff = staffOf(request);
      const q = request.query;
      const assigneeId = q.assignee === 'me' ? staff.accountId : q.assignee === 'none' ? null : q.assignee;
      const queueIds = q.queue === 'mine' ? await queueIdsOf(db, staff.libraryId, staff.accountId) : q.queue ? [q.queue] : undefined;
      return listConversationPage(db, staff.libraryId, {
        status: q.status,
        assigneeId,
        channel: q.channel,
        language: q.language,
        customerId: q.customer,
        tagId: q.tag,
        queueIds,
        sort: q.sort,
        limit: q.limit,
        cursor: q.cursor,
      });
    },
  );

  app.get(
    '/conversations/:id',
    {
      preHandler: requireStaff(),
      schema: { tags, summary: 'One conversation', params: conversationParams, response: { 200: conversationView } },
    },
    async (request) => getConversation(db, staffOf(request).libraryId, request.params.id),
  );

  app.get(
    '/conversations/:id/messages',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'Messages of a conversation in order (notes and system events included)',
        params: conversationParams,
        querystring: listMessagesQuery,
        response: { 200: messagePage },
      },
    },
    async (request) => ({ items: await listConversationMessages(db, staffOf(request).libraryId, request.params.id, request.query) }),
  );

  app.post(
    '/conversations/:id/messages',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'Reply to the customer, or add an internal note (internal: true)',
        params: conversationParams,
        body: replyBody,
        response: { 201: messageView },
      },
    },
    async (request, reply) => {
      const staff = staffOf(request);
      const { message } = await postMessage(services, {
        libraryId: staff.libraryId,
        conversationId: request.params.id,
        kind: request.body.internal ? 'note' : 'staff',
        body: request.body.body,
        author: { id: staff.accountId, displayName: staff.displayName },
      });
      return reply.status(201).send(message);
    },
  );

  app.post(
    '/conversations/:id/claim',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary: 'Take the conversation for yourself (409 already_claimed if a colleague has it, unless force)',
        params: conversationParams,
        body: claimBody.optional(),
        response: { 200: conversationView },
      },
    },
    async (request) => claim(services, staffOf(request), request.params.id, request.body?.force ?? false),
  );

  app.post(
    '/conversations/:id/assign',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        summary:
          'Assign to a colleague or unassign (409 already_claimed if a colleague has it, unless force; ' +
          'only supervisors and admins give a colleague’s conversation to someone else)',
        params: conversationParams,
        body: assignBody,
        response: { 200: conversationView },
      },
    },
    async (request) => assign(services, staffOf(request), request.params.id, request.body.assigneeId, request.body.force),
  );

  app.post(
    '/conversations/:id/status',
    {
      preHandler: requireStaff(),
      schema: { tags, summary: 'Change the status', params: conversationParams, body: statusBody, response: { 200: conversationView } },
    },
    async (request) => changeStatus(services, staffOf(request), request.params.id, request.body.status),
  );

  app.post(
    '/conversations/:id/merge',
    {
      preHandler: requireStaff(),
      schema: {
        tags,
        operationId: 'mergeConversation',
        summary:
          'Merge this conversation into another of the same customer: its messages are copied to the end of the ' +
          'target’s timeline and it becomes read-only (409 conflict for another customer’s, the same or a merged one)',
        params: conversationParams,
        body: mergeBody,
        response: { 200: conversationView },
      },
    },
    async (request) => mergeConversations(services, staffOf(request), request.params.id, request.body.targetId),
  );
}
