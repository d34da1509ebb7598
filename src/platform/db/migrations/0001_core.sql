-- Core tables: libraries (tenants), staff accounts and sessions, audit log,
-- customers, conversations and their messages.
-- Every tenant-owned row carries library_id; queries are always scoped by it.

-- Timestamps keep milliseconds (timestamptz(3)) so keyset cursors round-trip through JavaScript Dates exactly.
CREATE TABLE libraries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$'),
  name jsonb NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  email text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'staff')),
  language text NOT NULL DEFAULT 'fi' CHECK (language IN ('fi', 'sv', 'en')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_library_email ON accounts (library_id, lower(email));
CREATE INDEX accounts_email ON accounts (lower(email));

-- The session cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  actor_account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  action text NOT NULL,
  target_type text,
  target_id uuid,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_library_time ON audit_log (library_id, created_at DESC, id DESC);

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  name text,
  email text,
  preferred_language text NOT NULL DEFAULT 'fi' CHECK (preferred_language IN ('fi', 'sv', 'en')),
  -- SHA-256 of the secret the web-chat widget presents; null for customers without one.
  widget_token_hash text UNIQUE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX customers_library_email ON customers (library_id, lower(email));

CREATE TABLE conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('chat', 'email', 'form', 'callback', 'desk', 'api')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  subject text,
  assignee_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  -- Highest sequence number handed out to a message of this conversation.
  last_seq integer NOT NULL DEFAULT 0,
  last_message_preview text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  last_message_at timestamptz(3) NOT NULL DEFAULT now(),
  first_response_at timestamptz(3),
  resolved_at timestamptz(3)
);
CREATE INDEX conversations_inbox ON conversations (library_id, last_message_at DESC, id DESC);
CREATE INDEX conversations_customer ON conversations (customer_id);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('customer', 'staff', 'note', 'event')),
  author_account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
  body text NOT NULL DEFAULT '',
  event jsonb,
  -- Id the sender's client gave the message; a resend after a reconnect finds it again.
  client_message_id text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, client_message_id)
);
