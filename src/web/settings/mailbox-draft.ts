// A mailbox as the Email tab's form holds it (every value a string or a flag, as typed), and
// the bodies sent from it: create, change (every field; passwords only when typed or cleared)
// and "test connection" of the form's settings.
import { languages, type Localized } from '../../contract/languages.js';
import type {
  ConnectionCode,
  ConnectionTestResult,
  CreateMailboxBody,
  MailSecurityKind,
  TestMailboxSettingsBody,
  UpdateMailboxBody,
} from '../../contract/mailboxes.js';
import type { Mailbox } from './mailbox-api.js';

export interface ServerDraft {
  enabled: boolean;
  host: string;
  port: string;
  security: MailSecurityKind;
  user: string;
  /** Typed here; empty keeps the stored one. */
  password: string;
  clearPassword: boolean;
}

export interface MailboxDraft {
  address: string;
  active: boolean;
  displayName: Localized;
  signature: Localized;
  receiptEnabled: boolean;
  receiptText: Localized;
  imap: ServerDraft & { folder: string };
  smtp: ServerDraft;
}

const localized = (texts: Partial<Localized>): Localized => ({ fi: texts.fi ?? '', sv: texts.sv ?? '', en: texts.en ?? '' });

/** The languages with text; the server refuses a name that is only spaces. */
function given(texts: Localized): Partial<Localized> {
  return Object.fromEntries(languages.filter((l) => texts[l].trim() !== '').map((l) => [l, texts[l]]));
}

export function toMailboxDraft(mailbox: Mailbox | null): MailboxDraft {
  const imap = mailbox?.imap;
  const smtp = mailbox?.smtp;
  return {
    address: mailbox?.address ?? '',
    active: mailbox?.active ?? true,
    displayName: localized(mailbox?.displayName ?? {}),
    signature: localized(mailbox?.signature ?? {}),
    receiptEnabled: mailbox?.receiptEnabled ?? false,
    receiptText: localized(mailbox?.receiptText ?? {}),
    imap: {
      enabled: mailbox ? imap !== null : true,
      host: imap?.host ?? '',
      port: String(imap?.port ?? 993),
      security: imap?.security ?? 'tls',
      user: imap?.user ?? '',
      password: '',
      clearPassword: false,
      folder: imap?.folder ?? 'INBOX',
    },
    smtp: {
      enabled: mailbox ? smtp !== null : true,
      host: smtp?.host ?? '',
      port: String(smtp?.port ?? 587),
      security: smtp?.security ?? 'starttls',
      user: smtp?.user ?? '',
      password: '',
      clearPassword: false,
    },
  };
}

/** A port as typed; anything but digits goes as it is, for the server to refuse beside the field. */
const portOf = (typed: string): number => (/^\d+$/.test(typed.trim()) ? Number(typed.trim()) : Number.NaN);

function imapOf(draft: MailboxDraft) {
  const { imap } = draft;
  return imap.enabled
    ? {
        host: imap.host.trim(),
        port: portOf(imap.port),
        security: imap.security,
        user: imap.user.trim(),
        folder: imap.folder.trim() || 'INBOX',
      }
    : null;
}

function smtpOf(draft: MailboxDraft) {
  const { smtp } = draft;
  return smtp.enabled ? { host: smtp.host.trim(), port: portOf(smtp.port), security: smtp.security, user: smtp.user.trim() || null } : null;
}

/** A typed password sets it, "remove" clears it, neither leaves it out (kept). */
function passwordOf(server: ServerDraft): string | null | undefined {
  if (server.password !== '') return server.password;
  return server.clearPassword ? null : undefined;
}

export function createBodyOf(draft: MailboxDraft): CreateMailboxBody {
  const imapPassword = passwordOf(draft.imap);
  const smtpPassword = passwordOf(draft.smtp);
  return {
    address: draft.address.trim(),
    active: draft.active,
    displayName: given(draft.displayName),
    signature: given(draft.signature),
    receiptEnabled: draft.receiptEnabled,
    receiptText: given(draft.receiptText),
    imap: imapOf(draft),
    smtp: smtpOf(draft),
    ...(typeof imapPassword === 'string' ? { imapPassword } : {}),
    ...(typeof smtpPassword === 'string' ? { smtpPassword } : {}),
  };
}

export function updateBodyOf(draft: MailboxDraft): UpdateMailboxBody {
  const imapPassword = passwordOf(draft.imap);
  const smtpPassword = passwordOf(draft.smtp);
  return {
    ...createBodyOf(draft),
    ...(imapPassword !== undefined ? { imapPassword } : {}),
    ...(smtpPassword !== undefined ? { smtpPassword } : {}),
  };
}

export function testBodyOf(draft: MailboxDraft, mailboxId: string | undefined): TestMailboxSettingsBody {
  return {
    ...(mailboxId ? { mailboxId } : {}),
    imap: imapOf(draft),
    smtp: smtpOf(draft),
    ...(draft.imap.password ? { imapPassword: draft.imap.password } : {}),
    ...(draft.smtp.password ? { smtpPassword: draft.smtp.password } : {}),
  };
}

/** One side's outcome as a catalogue key and the values its sentence names. */
export interface SideOutcome {
  side: 'imap' | 'smtp';
  ok: boolean;
  code: ConnectionCode | null;
  values: { host: string; port: number; folder: string };
}

export function outcomesOf(
  result: ConnectionTestResult,
  settings: { imap: { host: string; port: number; folder: string } | null; smtp: { host: string; port: number } | null },
): SideOutcome[] {
  const outcomes: SideOutcome[] = [];
  if (result.imap && settings.imap) {
    outcomes.push({ side: 'imap', ok: result.imap.ok, code: result.imap.code, values: settings.imap });
  }
  if (result.smtp && settings.smtp) {
    outcomes.push({ side: 'smtp', ok: result.smtp.ok, code: result.smtp.code, values: { ...settings.smtp, folder: '' } });
  }
  return outcomes;
}

export const settingsOfDraft = (draft: MailboxDraft) => ({ imap: imapOf(draft), smtp: smtpOf(draft) });
