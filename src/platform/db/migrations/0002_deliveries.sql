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
  -- Hand-overs that failed (an adapter threw). A live adapter that finds nobody to hand the
  -- reply to (chat with no widget open) has not tried, and a success ends the delivery.
  attempts integer NOT NULL DEFAULT 0,
  -- A stable error code only, never an error message: messages can carry addresses and names.
  last_error text CHECK (last_error ~ '^[a-z][a-z0-9_]{0,63}$'),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
-- The conversation's deliveries: a chat customer catching up marks its waiting replies
-- delivered, and deleting a conversation (customer erasure) finds the rows its foreign key
-- cascades to without scanning the table. A conversation has few replies, so one plain index
-- serves the catch-up as well as a partial one would.
CREATE INDEX deliveries_conversation ON deliveries (conversation_id);
-- No due-time column or index yet: they belong to the delivery job of queued channels
-- (email, docs/decisions/0003-channel-adapters.md), whose migration adds them with the query
-- they serve; until then every staff reply would maintain an index nothing reads.
