// Admins read their library's audit log, newest first.
import { z } from 'zod';
import { auditPage } from '../../contract/audit.js';
import { readAuditLog } from './service.js';
import { requireStaff, staffOf } from '../../platform/http/auth.js';
import type { App, RouteDeps } from '../../platform/http/app.js';

export async function auditRoutes(app: App, deps: RouteDeps): Promise<void> {
  app.get(
    '/audit',
    {
      preHandler: requireStaff('admin'),
      schema: {
        tags: ['audit'],
        summary: 'Audit log of the library (sign-ins, role changes, deletions…)',
        querystring: z.object({
          cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: auditPage },
      },
    },
    async (request) => readAuditLog(deps.database.db, staffOf(request).libraryId, request.query),
  );
}
