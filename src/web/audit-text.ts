// Audit log entries in words: the action and its target from the catalogue. The action list
// is the server's own type, so a new action without a sentence here fails the typecheck.
import type { AuditAction } from '../contract/audit.js';
import { roles } from '../contract/kinds.js';
import type { AuditEntry, Role } from './api.js';
import type { I18n, MessageKey, Names, Values } from './i18n.js';

const actionKeys: Record<AuditAction, MessageKey> = {
  'queue.created': 'queues.audit.created',
  'queue.updated': 'queues.audit.updated',
  'queue.deleted': 'queues.audit.deleted',
  'queue.members_changed': 'queues.audit.membersChanged',
  'routing.changed': 'queues.audit.routingChanged',
  'mailbox.created': 'mailboxes.audit.created',
  'mailbox.updated': 'mailboxes.audit.updated',
  'mailbox.deleted': 'mailboxes.audit.deleted',
  'auth.sign_in': 'auditAction.signIn',
  'auth.sign_in_failed': 'auditAction.signInFailed',
  'auth.sign_out': 'auditAction.signOut',
  'auth.password_changed': 'auditAction.passwordChanged',
  'account.created': 'auditAction.accountCreated',
  'account.updated': 'auditAction.accountUpdated',
  'account.role_changed': 'auditAction.roleChanged',
  'account.deactivated': 'auditAction.accountDeactivated',
  'account.reactivated': 'auditAction.accountReactivated',
  'library.created': 'auditAction.libraryCreated',
  'library.settings_changed': 'auditAction.librarySettingsChanged',
  'conversation.deleted': 'auditAction.conversationDeleted',
  'conversation.merged': 'collab.auditMerged',
  'customer.deleted': 'auditAction.customerDeleted',
};

const isRole = (value: unknown): value is Role => typeof value === 'string' && (roles as readonly string[]).includes(value);

export function describeAuditAction(entry: AuditEntry, t: I18n['t']): string {
  const { details } = entry;
  if (entry.action === 'account.role_changed' && isRole(details.from) && isRole(details.to)) {
    // The catalogue chooses the inflected words for each role (ICU select on the code).
    return t('auditAction.roleChangedFromTo', { from: details.from, to: details.to });
  }
  if (entry.action === 'customer.deleted' && typeof details.conversations === 'number') {
    return t('auditAction.customerDeletedWithConversations', { count: details.conversations });
  }
  const key = Object.hasOwn(actionKeys, entry.action) ? actionKeys[entry.action as AuditAction] : 'auditAction.other';
  return t(key);
}

/**
 * The target in words; staff accounts by name when the caller knows them (`names` by id), the
 * name placed by `withName` (the audit screen passes `tx`: the name in a <bdi>).
 */
export function describeAuditTarget<R>(
  entry: AuditEntry,
  t: I18n['t'],
  withName: (key: MessageKey, values: Values, names: Names) => R,
  names: ReadonlyMap<string, string>,
): R | string {
  switch (entry.targetType) {
    case null:
      return '';
    case 'account': {
      const name = entry.targetId ? names.get(entry.targetId) : undefined;
      return name ? withName('auditTarget.accountNamed', {}, { name }) : t('auditTarget.account');
    }
    case 'library':
      return t('auditTarget.library');
    case 'customer':
      return t('auditTarget.customer');
    case 'conversation':
      return t('auditTarget.conversation');
    case 'mailbox': {
      const address = typeof entry.details.address === 'string' ? entry.details.address : undefined;
      return address ? withName('mailboxes.audit.targetNamed', {}, { name: address }) : t('mailboxes.audit.target');
    }
    default:
      return t('auditTarget.other');
  }
}
