// The audit log as admins read it: which actions exist and what an entry says.
import { z } from 'zod';

export const auditActions = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.password_changed',
  'account.created',
  'account.updated',
  'account.role_changed',
  'account.deactivated',
  'account.reactivated',
  'library.created',
  'library.settings_changed',
  'conversation.deleted',
  'conversation.merged',
  'customer.deleted',
  'queue.created',
  'queue.updated',
  'queue.deleted',
  'queue.members_changed',
  'routing.changed',
  'mailbox.created',
  'mailbox.updated',
  'mailbox.deleted',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntryView = z.object({
  id: z.string().uuid(),
  action: z.string().describe('What happened, e.g. auth.sign_in, account.role_changed'),
  actor: z.object({ id: z.string().uuid(), displayName: z.string() }).nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const auditPage = z.object({ items: z.array(auditEntryView), nextCursor: z.string().nullable() });
