// Admins read their library's audit log, newest first.
import { z } from 'zod';
import { auditPage } from '../../contract/audit.js';
import { decodeCursor, keysetPage } from '../../platform/pagination.js';
import { requireStaff, staffOf } from '../../server/auth.js';
import type { App, AppDeps } from '../../server/context.js';

export async function auditRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
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
    async (request) => {
      const staff = staffOf(request);
      let query = db
        .selectFrom('audit_log')
        .leftJoin('accounts', 'accounts.id', 'audit_log.actor_account_id')
        .select([
          'audit_log.id',
          'audit_log.action',
          'audit_log.actor_account_id',
          'accounts.display_name',
          'audit_log.target_type',
          'audit_log.target_id',
          'audit_log.details',
          'audit_log.created_at',
        ])
        .where('audit_log.library_id', '=', staff.libraryId)
        .orderBy('audit_log.created_at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(request.query.limit + 1);
      if (request.query.cursor) {
        const { time, id } = decodeCursor(request.query.cursor);
        query = query.where((eb) =>
          eb.or([
            eb('audit_log.created_at', '<', time),
            eb.and([eb('audit_log.created_at', '=', time), eb('audit_log.id', '<', id)]),
          ]),
        );
      }
      const page = keysetPage(await query.execute(), request.query.limit, (r) => r.created_at);
      return {
        items: page.rows.map((r) => ({
          id: r.id,
          action: r.action,
          actor: r.actor_account_id ? { id: r.actor_account_id, displayName: r.display_name ?? '' } : null,
          targetType: r.target_type,
          targetId: r.target_id,
          details: r.details,
          createdAt: r.created_at.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
}
