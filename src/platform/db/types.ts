// Row types of the tables, as Kysely sees them. Keep in step with ./migrations.
import type { ColumnType, Generated } from 'kysely';

import type { Role } from '../../contract/kinds.js';
import type { ChannelKind, ConversationStatus, DeliveryStatus, MessageKind } from '../../contract/kinds.js';
import type { Language, Localized } from '../../contract/languages.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface LibrariesTable {
  id: Generated<string>;
  slug: string;
  name: ColumnType<Localized, string, string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  library_id: string;
  email: string;
  display_name: string;
  role: Role;
  language: ColumnType<Language, Language | undefined, Language>;
  password_hash: string;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  library_id: string;
  account_id: string;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface AuditLogTable {
  id: Generated<string>;
  library_id: string;
  actor_account_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface CustomersTable {
  id: Generated<string>;
  library_id: string;
  name: string | null;
  email: string | null;
  preferred_language: ColumnType<Language, Language | undefined, Language>;
  widget_token_hash: string | null;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
}

export interface ConversationsTable {
  id: Generated<string>;
  library_id: string;
  customer_id: string;
  channel: ChannelKind;
  status: ColumnType<ConversationStatus, ConversationStatus | undefined, ConversationStatus>;
  language: Language;
  subject: string | null;
  assignee_id: string | null;
  last_seq: ColumnType<number, number | undefined, number>;
  last_message_preview: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  last_message_at: CreatedAt;
  first_response_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The page the widget was opened on (http(s), for staff to see; never trusted otherwise). */
  page_url: ColumnType<string | null, string | null | undefined, string | null>;
  page_title: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the customer ended the chat in the widget; null again after a later customer message. */
  customer_left_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The conversation this one was merged into (then read-only); null when not merged. */
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
  queue_id: ColumnType<string | null, string | null | undefined, string | null>;
  entry_point: ColumnType<string | null, string | null | undefined, string | null>;
  waiting_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  first_response_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  resolution_due_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MessagesTable {
  id: Generated<string>;
  library_id: string;
  conversation_id: string;
  seq: number;
  kind: MessageKind;
  author_account_id: string | null;
  /** '' by default in the database: event messages carry no text. */
  body: Generated<string>;
  event: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  client_message_id: string | null;
  created_at: CreatedAt;
}

export interface DeliveriesTable {
  id: Generated<string>;
  library_id: string;
  conversation_id: string;
  message_id: string;
  channel: ChannelKind;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  /** Hand-overs that failed; trying nobody (chat with no widget open) is not an attempt. */
  attempts: ColumnType<number, number | undefined, number>;
  /** A stable error code, never a message (no personal data). */
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** Queued channels (email): when the delivery job tries next; null = now. */
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Rate-limit counters shared by the app instances (platform/http/rate-limit-store.ts). */
export interface RateLimitsTable {
  key: string;
  count: number;
  window_start: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

/** Failed sign-ins per email address (any address tried, with an account or not). */
export interface SignInThrottleTable {
  /** SHA-256 (hex) of the lower-case email address. */
  email_hash: string;
  failures: number;
  last_failed_at: ColumnType<Date, Date | string, Date | string>;
  blocked_until: ColumnType<Date, Date | string, Date | string>;
}

/** One satisfaction survey per conversation: asked, then answered at most once (migration 0006). */
export interface SatisfactionSurveysTable {
  id: Generated<string>;
  library_id: string;
  conversation_id: string;
  channel: ChannelKind;
  language: Language;
  /** The conversation's queue when asked. */
  queue_id: string | null;
  scale_min: number;
  scale_max: number;
  offered_at: CreatedAt;
  score: number | null;
  comment: string | null;
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Saved replies (migration 0009): the library's (owner null) or one staff member's own. */
export interface SavedRepliesTable {
  id: Generated<string>;
  library_id: string;
  owner_account_id: string | null;
  title: string;
  shortcut: string | null;
  body: ColumnType<Partial<Localized>, string, string>;
  keywords: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** The library's topic tags (migration 0009); archived rather than deleted. */
export interface TagsTable {
  id: Generated<string>;
  library_id: string;
  name: ColumnType<Partial<Localized>, string, string>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

/** Whether the library resolves conversations only with a topic tag. */
export interface TagSettingsTable {
  library_id: string;
  required_at_resolve: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: CreatedAt;
}

/** Topic tags set on conversations. */
export interface ConversationTagsTable {
  library_id: string;
  conversation_id: string;
  tag_id: string;
  created_at: CreatedAt;
}

/** A team of a library (queues domain); a deleted one is kept for the name history shows. */
export interface QueuesTable {
  id: Generated<string>;
  library_id: string;
  name: ColumnType<Partial<Localized>, string, string>;
  is_default: ColumnType<boolean, boolean | undefined, boolean>;
  targets: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface QueueMembersTable {
  queue_id: string;
  account_id: string;
  library_id: string;
  created_at: CreatedAt;
}

export interface RoutingRulesTable {
  id: Generated<string>;
  library_id: string;
  position: number;
  channel: ChannelKind | null;
  language: Language | null;
  entry_point: string | null;
  queue_id: string;
  created_at: CreatedAt;
}

export interface DB {
  libraries: LibrariesTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  customers: CustomersTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  deliveries: DeliveriesTable;
  rate_limits: RateLimitsTable;
  sign_in_throttle: SignInThrottleTable;
  satisfaction_surveys: SatisfactionSurveysTable;
  saved_replies: SavedRepliesTable;
  tags: TagsTable;
  tag_settings: TagSettingsTable;
  conversation_tags: ConversationTagsTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  routing_rules: RoutingRulesTable;
  mailboxes: MailboxesTable;
  mail_messages: MailMessagesTable;
  message_attachments: MessageAttachmentsTable;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type MaybeDate = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type MailSecurity = 'tls' | 'starttls' | 'none';

/** A library's mailbox (0011_email.sql); secrets are ciphertexts of platform/secrets.ts. */
export interface MailboxesTable {
  id: Generated<string>;
  library_id: string;
  address: string;
  display_name: ColumnType<Partial<Localized>, string | undefined, string>;
  signature: ColumnType<Partial<Localized>, string | undefined, string>;
  receipt_enabled: Defaulted<boolean>;
  receipt_text: ColumnType<Partial<Localized>, string | undefined, string>;
  imap_host: Nullable<string>;
  imap_port: Nullable<number>;
  imap_security: Defaulted<MailSecurity>;
  imap_user: Nullable<string>;
  imap_secret: Nullable<string>;
  imap_folder: Defaulted<string>;
  smtp_host: Nullable<string>;
  smtp_port: Nullable<number>;
  smtp_security: Defaulted<MailSecurity>;
  smtp_user: Nullable<string>;
  smtp_secret: Nullable<string>;
  active: Defaulted<boolean>;
  /** IMAP UIDs are 32-bit unsigned: bigint columns, read as numbers (pg-types.ts). */
  imap_uid_validity: Nullable<number>;
  imap_last_uid: Defaulted<number>;
  last_error: Nullable<string>;
  last_error_at: MaybeDate;
  last_success_at: MaybeDate;
  failures: Defaulted<number>;
  next_poll_at: MaybeDate;
  version: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export type MailDirection = 'in' | 'out';
export type MailOutcome = 'created' | 'appended' | 'auto_reply' | 'bounce' | 'rejected' | 'sent';

/** The mail side of a message in or out (0011_email.sql). */
export interface MailMessagesTable {
  id: Generated<string>;
  library_id: string;
  mailbox_id: Nullable<string>;
  conversation_id: Nullable<string>;
  message_id: Nullable<string>;
  direction: MailDirection;
  outcome: MailOutcome;
  header_message_id: string;
  in_reply_to: Nullable<string>;
  references: ColumnType<string[], string[] | undefined, string[]>;
  from_address: Nullable<string>;
  subject: Nullable<string>;
  sent_at: MaybeDate;
  html: Nullable<string>;
  raw_size: Defaulted<number>;
  bounce_delivery_id: Nullable<string>;
  reason: Nullable<string>;
  created_at: CreatedAt;
}

/** A file that came with a message (0011_email.sql). */
export interface MessageAttachmentsTable {
  id: Generated<string>;
  library_id: string;
  conversation_id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  content_id: Nullable<string>;
  inline: Defaulted<boolean>;
  content: Buffer;
  created_at: CreatedAt;
}
