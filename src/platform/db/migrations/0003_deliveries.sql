-- Deliveries: one row per staff reply (messages.kind = 'staff'), recording how far the
-- reply got on its way to the customer through the conversation's channel. The row is
-- inserted by the same statement that stores the reply, so a reply never exists without it.
-- Notes and events are never delivered and have none.
CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  message_id uuid NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
  -- The conversation's channel when the reply was written: the adapter that delivers it.
  channel text NOT NULL CHECK (channel IN ('chat', 'email', 'form', 'callback', 'desk', 'api')),
  -- queued: not (yet) with the customer; sent: handed to a third party (e.g. accepted by
  -- SMTP); delivered: reached the customer (chat: written to their open widget); failed.
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- A stable error code only, never an error message: messages can carry addresses and names.
  last_error text CHECK (last_error ~ '^[a-z][a-z0-9_]{0,63}$'),
  -- When a queued delivery is next due; read by the delivery job of queued channels (email).
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
-- What a delivery job picks up: due, undelivered rows of its channel.
CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at) WHERE status = 'queued';
-- A chat customer catching up marks the conversation's waiting replies delivered.
CREATE INDEX deliveries_waiting ON deliveries (conversation_id) WHERE status IN ('queued', 'failed');
