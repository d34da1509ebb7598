// The library's mailboxes as admins keep them: create, change (with If-Match), delete, and
// "test connection" on saved or unsaved settings. Passwords are encrypted before they reach the
// store and never come back out of here except into the connection test. Rules that depend on
// more than one field are checked on the merged result, so a PATCH cannot slip past them:
// - security 'none' only towards a loopback host (a password must not cross a network in clear);
// - a receipt can be switched on only with a receipt text in at least one language;
// - a stored password goes only to the host and user it was given for: changing either means
//   typing it again, so nobody can send the stored password to a server of their choosing.
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../../platform/db/types.js';
import type { StaffContext } from '../../../platform/auth/sessions.js';
import type { SecretBox } from '../../../platform/secrets.js';
import { AppError } from '../../../platform/errors.js';
import { validationErrors } from '../../../platform/http/errors.js';
import type { Language } from '../../../contract/languages.js';
import type {
  ConnectionTestResult,
  createMailboxBody,
  ImapInput,
  MailboxView,
  MailSecurityKind,
  SmtpInput,
  testMailboxSettingsBody,
  updateMailboxBody,
} from '../../../contract/mailboxes.js';
import type { AuditAction } from '../../../contract/audit.js';
import { writeAudit } from '../../audit/service.js';
import { testConnections, type ConnectionTestOptions } from './connection-test.js';
import * as store from './mailbox-store.js';

export type CreateMailbox = z.output<typeof createMailboxBody>;
export type UpdateMailbox = z.output<typeof updateMailboxBody>;
export type TestMailboxSettings = z.output<typeof testMailboxSettingsBody>;
type Texts = Partial<Record<Language, string>>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function presentMailbox(row: store.MailboxRow): MailboxView {
  return {
    id: row.id,
    address: row.address,
    displayName: row.display_name,
    signature: row.signature,
    receiptEnabled: row.receipt_enabled,
    receiptText: row.receipt_text,
    imap:
      row.imap_host && row.imap_port
        ? { host: row.imap_host, port: row.imap_port, security: row.imap_security, user: row.imap_user, folder: row.imap_folder }
        : null,
    smtp:
      row.smtp_host && row.smtp_port
        ? { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, user: row.smtp_user }
        : null,
    imapPasswordSet: row.imap_secret !== null,
    smtpPasswordSet: row.smtp_secret !== null,
    active: row.active,
    lastError: row.last_error,
    lastErrorAt: iso(row.last_error_at),
    lastSuccessAt: iso(row.last_success_at),
    failures: row.failures,
    nextPollAt: iso(row.next_poll_at),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Loopback only: localhost, *.localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1';
}

/** Texts without empty languages: an empty signature is no signature. */
function cleanTexts(texts: Texts): Texts {
  return Object.fromEntries(Object.entries(texts).filter(([, text]) => text !== undefined && text.trim() !== '')) as Texts;
}

interface Issue {
  path: string;
  key: string;
}

function securityIssues(side: 'imap' | 'smtp', server: { host: string; security: MailSecurityKind } | null): Issue[] {
  return server && server.security === 'none' && !isLoopbackHost(server.host)
    ? [{ path: `body.${side}.security`, key: 'validation.mailbox_security_none_remote' }]
    : [];
}

function throwIfAny(issues: Issue[]): void {
  if (issues.length > 0) throw validationErrors(issues);
}

async function refuseTakenAddress(db: Kysely<DB>, libraryId: string, address: string, exceptId?: string): Promise<void> {
  if (await store.addressTaken(db, libraryId, address, exceptId))
    throw new AppError('conflict', { reason: 'mailbox_address_taken', address });
}

const imapColumns = (imap: ImapInput | null) =>
  imap
    ? { imap_host: imap.host, imap_port: imap.port, imap_security: imap.security, imap_user: imap.user, imap_folder: imap.folder }
    : { imap_host: null, imap_port: null, imap_user: null, imap_secret: null };
const smtpColumns = (smtp: SmtpInput | null) =>
  smtp
    ? { smtp_host: smtp.host, smtp_port: smtp.port, smtp_security: smtp.security, smtp_user: smtp.user }
    : { smtp_host: null, smtp_port: null, smtp_user: null, smtp_secret: null };

/** A password as given: a string sets it (encrypted), null clears it, undefined keeps it. */
function sealed(secrets: SecretBox, password: string | null | undefined): string | null | undefined {
  return typeof password === 'string' ? secrets.encrypt(password) : password;
}

export async function listMailboxes(db: Kysely<DB>, libraryId: string): Promise<MailboxView[]> {
  return (await store.listMailboxes(db, libraryId)).map(presentMailbox);
}

export async function getMailbox(db: Kysely<DB>, libraryId: string, id: string): Promise<MailboxView> {
  const row = await store.findMailbox(db, libraryId, id);
  if (!row) throw new AppError('not_found', { what: 'mailbox' });
  return presentMailbox(row);
}

function receiptIssues(enabled: boolean, texts: Texts): Issue[] {
  return enabled && Object.keys(cleanTexts(texts)).length === 0
    ? [{ path: 'body.receiptText', key: 'validation.mailbox_receipt_text' }]
    : [];
}

export async function createMailbox(db: Kysely<DB>, secrets: SecretBox, staff: StaffContext, input: CreateMailbox): Promise<MailboxView> {
  throwIfAny([
    ...securityIssues('imap', input.imap),
    ...securityIssues('smtp', input.smtp),
    ...receiptIssues(input.receiptEnabled, input.receiptText),
  ]);
  const row = await db.transaction().execute(async (trx) => {
    await refuseTakenAddress(trx, staff.libraryId, input.address);
    const imapSecret = input.imap ? sealed(secrets, input.imapPassword) : null;
    const smtpSecret = input.smtp ? sealed(secrets, input.smtpPassword) : null;
    const created = await store.insertMailbox(trx, staff.libraryId, {
      address: input.address,
      display_name: JSON.stringify(cleanTexts(input.displayName)),
      signature: JSON.stringify(cleanTexts(input.signature)),
      receipt_enabled: input.receiptEnabled,
      receipt_text: JSON.stringify(cleanTexts(input.receiptText)),
      ...imapColumns(input.imap),
      ...smtpColumns(input.smtp),
      imap_secret: imapSecret ?? null,
      smtp_secret: smtpSecret ?? null,
      active: input.active,
    });
    await audit(trx, staff, 'mailbox.created', created.id, { address: created.address });
    return created;
  });
  return presentMailbox(row);
}

/** Whether a side keeps its stored password although its host or user changed (refused). */
function movedWithoutPassword(
  stored: { host: string | null; user: string | null; secret: string | null },
  next: { host: string; user: string | null } | null | undefined,
  password: string | null | undefined,
): boolean {
  if (!next || password !== undefined || stored.secret === null) return false;
  return stored.host !== next.host || stored.user !== next.user;
}

/**
 * `expectedVersion` (If-Match): the version the admin's form was loaded at; another one means
 * someone saved in between, and the change is refused (409 mailbox_changed) rather than laid
 * over what the admin has not seen.
 */
export async function updateMailbox(
  db: Kysely<DB>,
  secrets: SecretBox,
  staff: StaffContext,
  id: string,
  patch: UpdateMailbox,
  expectedVersion?: string,
): Promise<MailboxView> {
  const row = await db.transaction().execute(async (trx) => {
    const current = await store.lockMailbox(trx, staff.libraryId, id);
    if (!current) throw new AppError('not_found', { what: 'mailbox' });
    if (expectedVersion !== undefined && expectedVersion !== String(current.version)) {
      throw new AppError('conflict', { reason: 'mailbox_changed' });
    }
    const imap = patch.imap === undefined ? presentMailbox(current).imap : patch.imap;
    const smtp = patch.smtp === undefined ? presentMailbox(current).smtp : patch.smtp;
    const issues = [
      ...securityIssues('imap', imap),
      ...securityIssues('smtp', smtp),
      ...receiptIssues(patch.receiptEnabled ?? current.receipt_enabled, patch.receiptText ?? current.receipt_text),
    ];
    const storedImap = { host: current.imap_host, user: current.imap_user, secret: current.imap_secret };
    const storedSmtp = { host: current.smtp_host, user: current.smtp_user, secret: current.smtp_secret };
    if (movedWithoutPassword(storedImap, patch.imap, patch.imapPassword))
      issues.push({ path: 'body.imapPassword', key: 'validation.mailbox_password_again' });
    if (movedWithoutPassword(storedSmtp, patch.smtp, patch.smtpPassword))
      issues.push({ path: 'body.smtpPassword', key: 'validation.mailbox_password_again' });
    throwIfAny(issues);
    if (patch.address !== undefined) await refuseTakenAddress(trx, staff.libraryId, patch.address, id);
    const imapSecret = imap ? sealed(secrets, patch.imapPassword) : null;
    const smtpSecret = smtp ? sealed(secrets, patch.smtpPassword) : null;
    const updated = await store.updateMailbox(trx, staff.libraryId, id, {
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.displayName ? { display_name: JSON.stringify(cleanTexts(patch.displayName)) } : {}),
      ...(patch.signature ? { signature: JSON.stringify(cleanTexts(patch.signature)) } : {}),
      ...(patch.receiptEnabled !== undefined ? { receipt_enabled: patch.receiptEnabled } : {}),
      ...(patch.receiptText ? { receipt_text: JSON.stringify(cleanTexts(patch.receiptText)) } : {}),
      ...(patch.imap !== undefined ? imapColumns(patch.imap) : {}),
      ...(patch.smtp !== undefined ? smtpColumns(patch.smtp) : {}),
      ...(imapSecret !== undefined ? { imap_secret: imapSecret } : {}),
      ...(smtpSecret !== undefined ? { smtp_secret: smtpSecret } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    });
    // Field names only: never a password, and the addresses of servers are the admin's own business.
    await audit(trx, staff, 'mailbox.updated', id, { fields: Object.keys(patch).sort() });
    return updated!;
  });
  return presentMailbox(row);
}

export async function deleteMailbox(db: Kysely<DB>, staff: StaffContext, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await store.lockMailbox(trx, staff.libraryId, id);
    if (!current) throw new AppError('not_found', { what: 'mailbox' });
    await store.deleteMailbox(trx, staff.libraryId, id);
    await audit(trx, staff, 'mailbox.deleted', id, { address: current.address });
  });
}

/** A stored secret, or null when it cannot be read (the install's key was changed): the test then says the password is missing. */
function opened(secrets: SecretBox, stored: string | null): string | null {
  if (stored === null) return null;
  try {
    return secrets.decrypt(stored);
  } catch {
    return null;
  }
}

/** Tests the saved settings of a mailbox. */
export async function testSavedMailbox(
  db: Kysely<DB>,
  secrets: SecretBox,
  libraryId: string,
  id: string,
  options?: ConnectionTestOptions,
): Promise<ConnectionTestResult> {
  const row = await store.findMailbox(db, libraryId, id);
  if (!row) throw new AppError('not_found', { what: 'mailbox' });
  const view = presentMailbox(row);
  return testConnections(
    {
      imap: view.imap ? { ...view.imap, secret: opened(secrets, row.imap_secret) } : null,
      smtp: view.smtp ? { ...view.smtp, secret: opened(secrets, row.smtp_secret) } : null,
    },
    options,
  );
}

/**
 * Tests settings from the form before they are saved. A side whose password is left out uses
 * the stored one only when its host and user are the saved ones.
 */
export async function testUnsavedSettings(
  db: Kysely<DB>,
  secrets: SecretBox,
  libraryId: string,
  input: TestMailboxSettings,
  options?: ConnectionTestOptions,
): Promise<ConnectionTestResult> {
  throwIfAny([...securityIssues('imap', input.imap), ...securityIssues('smtp', input.smtp)]);
  const saved = input.mailboxId ? await store.findMailbox(db, libraryId, input.mailboxId) : undefined;
  if (input.mailboxId && !saved) throw new AppError('not_found', { what: 'mailbox' });
  const storedFor = (
    host: string | null | undefined,
    user: string | null | undefined,
    next: { host: string; user: string | null },
    secret: string | null | undefined,
  ) => (saved && host === next.host && user === next.user ? opened(secrets, secret ?? null) : null);
  const imap = input.imap
    ? { ...input.imap, secret: input.imapPassword ?? storedFor(saved?.imap_host, saved?.imap_user, input.imap, saved?.imap_secret) }
    : null;
  const smtp = input.smtp
    ? { ...input.smtp, secret: input.smtpPassword ?? storedFor(saved?.smtp_host, saved?.smtp_user, input.smtp, saved?.smtp_secret) }
    : null;
  return testConnections({ imap, smtp }, options);
}

async function audit(db: Kysely<DB>, staff: StaffContext, action: AuditAction, targetId: string, details: Record<string, unknown>) {
  await writeAudit(db, { libraryId: staff.libraryId, actorId: staff.accountId, action, targetType: 'mailbox', targetId, details });
}
