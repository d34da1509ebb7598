// A library's mailboxes as admins manage them (GET/POST/PATCH/DELETE /mailboxes) and the
// result of "test connection". Passwords are write-only: a request may set or clear one, an
// answer only says whether one is stored. Browser-safe: the staff app imports this file.
import { z } from 'zod';

export const mailSecurities = ['tls', 'starttls', 'none'] as const;
export type MailSecurityKind = (typeof mailSecurities)[number];

/** A refinement's message from the server catalogue (`validation.*`), as platform/schemas.ts gives it. */
const keyed = (key: string) => ({ message: key, params: { i18n: key } });

const mailSecuritySchema = z
  .enum(mailSecurities)
  .describe('tls: TLS from the start (IMAP 993, SMTP 465); starttls: upgrade after connecting (143, 587); none: loopback hosts only');

/** Text without NUL (PostgreSQL refuses it) and, for one-line values, without line breaks. */
const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001F\u007F]/.test(s), keyed('validation.mailbox_control_character'));
const multiLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), keyed('validation.nul_character'));

/** A host name or IP address: letters, digits, dots, hyphens, colons (IPv6), no spaces. */
export const mailHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .refine((s) => /^[a-z0-9.:[\]-]+$/.test(s), keyed('validation.mailbox_host'))
  .describe('Server host name or IP address, e.g. mail.example.fi');

const portSchema = z.number().int().min(1).max(65535).describe('TCP port, 1–65535');

/** The address the mailbox receives at and sends from. */
export const mailboxAddressSchema = z
  .string()
  .trim()
  .max(254)
  .refine((s) => z.regexes.email.test(s), keyed('validation.mailbox_address'))
  .describe('The mailbox’s email address, e.g. kirjasto@example.fi; unique in the library (case-insensitively)');

/** Texts per language; a language left out or empty has none. */
function perLanguage(text: z.ZodType<string>, what: string) {
  return z.strictObject({ fi: text.optional(), sv: text.optional(), en: text.optional() }).describe(`${what} per language (fi, sv, en)`);
}

export const displayNameInput = perLanguage(oneLine(100), 'Sender name shown to customers, e.g. "Helmet-kirjasto"');
export const signatureInput = perLanguage(multiLine(2000), 'Signature appended to replies');
export const receiptTextInput = perLanguage(
  multiLine(4000),
  'Automatic receipt sent when a mail opens a new conversation; sent in the language of the conversation, else in the first one given',
);

export const imapInput = z
  .strictObject({
    host: mailHostSchema,
    port: portSchema.default(993),
    security: mailSecuritySchema.default('tls'),
    user: oneLine(254).describe('User name to sign in to the IMAP server'),
    folder: oneLine(200).default('INBOX').describe('Folder to read new mail from'),
  })
  .describe('Incoming mail by IMAP; null: mail arrives only by the SMTP listener or the push ingress');
export type ImapInput = z.infer<typeof imapInput>;

export const smtpInput = z
  .strictObject({
    host: mailHostSchema,
    port: portSchema.default(587),
    security: mailSecuritySchema.default('starttls'),
    user: oneLine(254).nullable().default(null).describe('User name to sign in to the SMTP server; null: send without signing in'),
  })
  .describe('Outgoing mail by SMTP; null: replies cannot be sent from this mailbox');
export type SmtpInput = z.infer<typeof smtpInput>;

const passwordInput = (side: string) =>
  z
    .string()
    .min(1)
    .max(1000)
    .refine((s) => !s.includes('\u0000'), keyed('validation.nul_character'))
    .nullable()
    .optional()
    .describe(`${side} password (write-only): a string sets it, null clears it, left out keeps the stored one`);

const mailboxFields = {
  address: mailboxAddressSchema,
  displayName: displayNameInput,
  signature: signatureInput,
  receiptEnabled: z.boolean().describe('Send the automatic receipt on a new conversation; needs a receipt text in at least one language'),
  receiptText: receiptTextInput,
  imap: imapInput.nullable(),
  smtp: smtpInput.nullable(),
  imapPassword: passwordInput('IMAP'),
  smtpPassword: passwordInput('SMTP'),
  active: z.boolean().describe('false: the mailbox is not polled and sends nothing'),
};

export const createMailboxBody = z
  .strictObject({
    ...mailboxFields,
    displayName: mailboxFields.displayName.default({}),
    signature: mailboxFields.signature.default({}),
    receiptEnabled: mailboxFields.receiptEnabled.default(false),
    receiptText: mailboxFields.receiptText.default({}),
    imap: mailboxFields.imap.default(null),
    smtp: mailboxFields.smtp.default(null),
    active: mailboxFields.active.default(true),
  })
  .describe('A new mailbox');
export type CreateMailboxBody = z.input<typeof createMailboxBody>;

export const updateMailboxBody = z
  .strictObject({
    address: mailboxFields.address.optional(),
    displayName: mailboxFields.displayName.optional().describe('Replaces the stored names (all languages)'),
    signature: mailboxFields.signature.optional().describe('Replaces the stored signatures (all languages)'),
    receiptEnabled: mailboxFields.receiptEnabled.optional(),
    receiptText: mailboxFields.receiptText.optional().describe('Replaces the stored receipt texts (all languages)'),
    imap: mailboxFields.imap.optional().describe('Replaces the IMAP settings; null removes IMAP and its password'),
    smtp: mailboxFields.smtp.optional().describe('Replaces the SMTP settings; null removes SMTP and its password'),
    imapPassword: mailboxFields.imapPassword,
    smtpPassword: mailboxFields.smtpPassword,
    active: mailboxFields.active.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, keyed('validation.no_changes'))
  .describe('Only the fields given change');
export type UpdateMailboxBody = z.input<typeof updateMailboxBody>;

export const testMailboxSettingsBody = z
  .strictObject({
    mailboxId: z
      .uuid()
      .optional()
      .describe(
        'The mailbox being edited: its stored password is used for a side whose password is left out and whose host and user are unchanged',
      ),
    imap: imapInput.nullable().default(null),
    smtp: smtpInput.nullable().default(null),
    imapPassword: z.string().max(1000).optional().describe('IMAP password to test with'),
    smtpPassword: z.string().max(1000).optional().describe('SMTP password to test with'),
  })
  .describe('Settings from the form, not yet saved');
export type TestMailboxSettingsBody = z.input<typeof testMailboxSettingsBody>;

const localizedText = z
  .object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() })
  .describe('Per language; a language without text is left out');

export const mailboxView = z.object({
  id: z.uuid(),
  address: z.string().describe('The mailbox’s email address'),
  displayName: localizedText.describe('Sender name per language'),
  signature: localizedText.describe('Signature per language'),
  receiptEnabled: z.boolean().describe('Whether the automatic receipt is sent'),
  receiptText: localizedText.describe('Automatic receipt per language'),
  imap: z
    .object({ host: z.string(), port: z.number().int(), security: z.enum(mailSecurities), user: z.string().nullable(), folder: z.string() })
    .nullable()
    .describe('IMAP settings; null: none'),
  smtp: z
    .object({ host: z.string(), port: z.number().int(), security: z.enum(mailSecurities), user: z.string().nullable() })
    .nullable()
    .describe('SMTP settings; null: none'),
  imapPasswordSet: z.boolean().describe('Whether an IMAP password is stored (it is never returned)'),
  smtpPasswordSet: z.boolean().describe('Whether an SMTP password is stored (it is never returned)'),
  active: z.boolean().describe('false: not polled, sends nothing'),
  lastError: z.string().nullable().describe('Stable code of the last polling failure (e.g. login_failed); null after a success'),
  lastErrorAt: z.string().nullable().describe('When polling last failed (ISO 8601)'),
  lastSuccessAt: z.string().nullable().describe('When polling last succeeded (ISO 8601); null: never checked'),
  failures: z.number().int().describe('Consecutive polling failures'),
  nextPollAt: z.string().nullable().describe('When the mailbox is polled next (ISO 8601)'),
  version: z.number().int().describe('Changes with every save: send it as If-Match to refuse a save over someone else’s'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MailboxView = z.infer<typeof mailboxView>;

export const mailboxList = z.object({ items: z.array(mailboxView).describe('The library’s mailboxes by address') });

/** Where a connection test stopped. */
export const connectionSteps = ['dns', 'connect', 'tls', 'login', 'folder'] as const;
export type ConnectionStep = (typeof connectionSteps)[number];

/** Stable codes of a failed connection test; the staff app says each in plain words. */
export const connectionCodes = [
  'dns_not_found',
  'dns_failed',
  'connection_refused',
  'unreachable',
  'timeout',
  'tls_failed',
  'tls_certificate',
  'starttls_unsupported',
  'login_failed',
  'password_missing',
  'folder_not_found',
  'protocol_error',
  'unknown',
] as const;
export type ConnectionCode = (typeof connectionCodes)[number];

export const connectionSideResult = z.object({
  ok: z.boolean().describe('Every step succeeded'),
  step: z.enum(connectionSteps).nullable().describe('The step that failed: dns, connect, tls, login or folder (IMAP); null when ok'),
  code: z.enum(connectionCodes).nullable().describe('Stable code of the failure, e.g. dns_not_found, login_failed; null when ok'),
});
export type ConnectionSideResult = z.infer<typeof connectionSideResult>;

export const connectionTestResult = z.object({
  imap: connectionSideResult.nullable().describe('IMAP: connect, sign in, open the folder read-only; null when the mailbox has no IMAP'),
  smtp: connectionSideResult.nullable().describe('SMTP: connect, sign in (when a user is set); null when the mailbox has no SMTP'),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResult>;
