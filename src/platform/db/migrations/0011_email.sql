-- The email channel (issue 9): a library's mailboxes, the mail side of messages in and out,
-- attachments of any message, and the due time of queued deliveries (the delivery job of
-- docs/decisions/0003-channel-adapters.md).

-- A mailbox the library receives and sends mail through. Secrets (IMAP and SMTP passwords)
-- are stored encrypted (AES-256-GCM with the install's key, src/platform/secrets.ts) and are
-- never returned by the API. Display name, signature and automatic receipt are texts per
-- language, {fi?, sv?, en?}.
CREATE TABLE mailboxes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  address text NOT NULL,
  display_name jsonb NOT NULL DEFAULT '{}'::jsonb,
  signature jsonb NOT NULL DEFAULT '{}'::jsonb,
  receipt_enabled boolean NOT NULL DEFAULT false,
  receipt_text jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Incoming mail by IMAP; null host = mail arrives only by the push ingress or SMTP listener.
  imap_host text,
  imap_port integer CHECK (imap_port BETWEEN 1 AND 65535),
  -- tls: TLS from the start (993); starttls: upgrade after connecting (143); none: loopback only.
  imap_security text NOT NULL DEFAULT 'tls' CHECK (imap_security IN ('tls', 'starttls', 'none')),
  imap_user text,
  imap_secret text,
  imap_folder text NOT NULL DEFAULT 'INBOX',
  -- Outgoing mail by SMTP; null host = replies cannot be sent (they fail with a code staff see).
  smtp_host text,
  smtp_port integer CHECK (smtp_port BETWEEN 1 AND 65535),
  smtp_security text NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN ('tls', 'starttls', 'none')),
  smtp_user text,
  smtp_secret text,
  active boolean NOT NULL DEFAULT true,
  -- Where the IMAP poller is: the folder's UIDVALIDITY and the highest UID stored. A new
  -- UIDVALIDITY means the server renumbered the folder: fetch it again (Message-IDs dedupe).
  imap_uid_validity bigint,
  imap_last_uid bigint NOT NULL DEFAULT 0,
  -- Poller health, shown to admins: a stable code (never an exception text), consecutive
  -- failures (the back-off grows with them) and when to try next.
  last_error text CHECK (last_error ~ '^[a-z][a-z0-9_]{0,63}$'),
  last_error_at timestamptz(3),
  last_success_at timestamptz(3),
  failures integer NOT NULL DEFAULT 0,
  next_poll_at timestamptz(3),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mailboxes_library_address ON mailboxes (library_id, lower(address));

-- One row per email, in or out: the headers threading needs and where the mail went. An
-- incoming mail that opened or continued a conversation points at its message; an auto-reply,
-- a bounce or a rejected mail is kept here without one (a bounce names the delivery it
-- concerns). Outgoing rows are written when a reply is sent.
CREATE TABLE mail_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  mailbox_id uuid REFERENCES mailboxes(id) ON DELETE SET NULL,
  conversation_id uuid REFERENCES conversations(id) ON DELETE CASCADE,
  message_id uuid REFERENCES messages(id) ON DELETE CASCADE,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  outcome text NOT NULL CHECK (outcome IN ('created', 'appended', 'auto_reply', 'bounce', 'rejected', 'sent')),
  -- Message-ID without angle brackets, as the sender wrote it; a mail without one gets
  -- 'sha256:<hash of the raw message>' so a redelivered copy is still recognised.
  header_message_id text NOT NULL,
  in_reply_to text,
  "references" text[] NOT NULL DEFAULT '{}',
  from_address text,
  subject text,
  sent_at timestamptz(3),
  -- HTML part after sanitising, for staff who want the original layout; null for plain text.
  html text,
  raw_size integer NOT NULL DEFAULT 0,
  -- For a bounce: the delivery (staff reply) it reports as undeliverable.
  bounce_delivery_id uuid REFERENCES deliveries(id) ON DELETE SET NULL,
  -- rejected/auto_reply/bounce: a stable code saying why.
  reason text CHECK (reason ~ '^[a-z][a-z0-9_]{0,63}$'),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
-- The same mail twice (an MTA retry, a second IMAP fetch) is found here and stored once.
CREATE UNIQUE INDEX mail_messages_library_header ON mail_messages (library_id, header_message_id);
CREATE INDEX mail_messages_conversation ON mail_messages (conversation_id);
CREATE INDEX mail_messages_message ON mail_messages (message_id);
CREATE INDEX mail_messages_mailbox ON mail_messages (mailbox_id);
CREATE INDEX mail_messages_bounce_delivery ON mail_messages (bounce_delivery_id);

-- Files that came with a message (email attachments and inline images; later form uploads).
-- Kept in the database so a backup holds them; served to staff of the library only, as
-- downloads that a browser never renders.
CREATE TABLE message_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  message_id uuid NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  -- Content-ID of an inline image (cid: in the HTML part), else null.
  content_id text,
  inline boolean NOT NULL DEFAULT false,
  content bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX message_attachments_message ON message_attachments (message_id);
CREATE INDEX message_attachments_conversation ON message_attachments (conversation_id);

-- The delivery job of queued channels claims due rows with FOR UPDATE SKIP LOCKED.
ALTER TABLE deliveries ADD COLUMN next_attempt_at timestamptz(3);
CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at) WHERE status = 'queued';
