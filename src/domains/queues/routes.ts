// Queues (teams) of the library, their members and the routing rules. Every staff member
// reads the queues (names in the inbox, the transfer dialog, "my queues"); admins change them.
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App, RouteDeps } from '../../platform/http/app.js';
import { queueList, queueView, routingRuleList } from '../../contract/queues.js';
import { createQueueBody, membersBody, queueParams, routingRulesBody, updateQueueBody } from './schema.js';
import { createQueue, deleteQueue, listQueues, listRoutingRules, setMembers, setRoutingRules, updateQueue } from './service.js';

const tags = ['queues'];

export async function queueRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db } = deps.database;

  app.get(
    '/queues',
    {
      preHandler: requireStaff(),
      schema: { tags, summary: 'The library’s queues with their members and targets (deleted ones last)', response: { 200: queueList } },
    },
    async (request) => ({ items: await listQueues(db, staffOf(request).libraryId) }),
  );

  app.post(
    '/queues',
    {
      preHandler: requireStaff('admin'),
      schema: { tags, summary: 'Create a queue', body: createQueueBody, response: { 201: queueView } },
    },
    async (request, reply) => reply.status(201).send(await createQueue(db, staffOf(request), request.body)),
  );

  app.patch(
    '/queues/:id',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Rename a queue, set its targets or make it the default (409 when it was deleted)',
        params: queueParams,
        body: updateQueueBody,
        response: { 200: queueView },
      },
    },
    async (request) => updateQueue(db, staffOf(request), request.params.id, request.body),
  );

  app.delete(
    '/queues/:id',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Delete a queue (kept for history; its routing rules go; 409 for the default queue)',
        params: queueParams,
        response: { 200: queueView },
      },
    },
    async (request) => deleteQueue(db, staffOf(request), request.params.id),
  );

  app.put(
    '/queues/:id/members',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Set the members of a queue (replaces the list)',
        params: queueParams,
        body: membersBody,
        response: { 200: queueView },
      },
    },
    async (request) => setMembers(db, staffOf(request), request.params.id, request.body.accountIds),
  );

  app.get(
    '/routing-rules',
    {
      preHandler: requireStaff('admin', 'supervisor'),
      schema: { tags, summary: 'The rules that route new conversations to queues, in order', response: { 200: routingRuleList } },
    },
    async (request) => ({ items: await listRoutingRules(db, staffOf(request).libraryId) }),
  );

  app.put(
    '/routing-rules',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags,
        summary: 'Set the routing rules (replaces the list; the first rule that matches wins, else the default queue)',
        body: routingRulesBody,
        response: { 200: routingRuleList },
      },
    },
    async (request) => ({ items: await setRoutingRules(db, staffOf(request), request.body.rules) }),
  );
}
