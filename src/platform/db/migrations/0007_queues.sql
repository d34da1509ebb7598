-- Queues (teams) per library, who belongs to them, the rules that route a new conversation
-- to one, and each conversation's queue, waiting time and response targets.

-- A queue's name is given in at least one language ({"fi": …, "sv": …, "en": …}); targets are
-- minutes per channel ({"chat": {"firstResponseMinutes": 15, "resolutionMinutes": 240}}),
-- counted over the library's opening hours of that channel. A deleted queue is kept (deleted_at)
-- so that the conversations it handled still show its name.
CREATE TABLE queues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  name jsonb NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  targets jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at timestamptz(3),
  CHECK (NOT (is_default AND deleted_at IS NOT NULL))
);
CREATE INDEX queues_library ON queues (library_id, created_at);
-- One default queue per library: where a conversation goes when no rule matches.
CREATE UNIQUE INDEX queues_one_default ON queues (library_id) WHERE is_default;

CREATE TABLE queue_members (
  queue_id uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (queue_id, account_id)
);
CREATE INDEX queue_members_account ON queue_members (account_id);
CREATE INDEX queue_members_library ON queue_members (library_id);

-- Ordered rules: the first whose conditions all hold (null = any) routes the conversation.
CREATE TABLE routing_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  position integer NOT NULL,
  channel text CHECK (channel IN ('chat', 'email', 'form', 'callback', 'desk', 'api')),
  language text CHECK (language IN ('fi', 'sv', 'en')),
  entry_point text CHECK (entry_point ~ '^[a-z0-9-]{1,64}$'),
  queue_id uuid NOT NULL REFERENCES queues(id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (library_id, position)
);
CREATE INDEX routing_rules_queue ON routing_rules (queue_id);

-- waiting_since: since when the customer has waited for a staff answer (their oldest message
-- after the last staff reply); null when staff answered last. The due times are the queue's
-- targets from the conversation's start, over opening hours.
ALTER TABLE conversations
  ADD COLUMN queue_id uuid REFERENCES queues(id) ON DELETE SET NULL,
  ADD COLUMN entry_point text,
  ADD COLUMN waiting_since timestamptz(3),
  ADD COLUMN first_response_due_at timestamptz(3),
  ADD COLUMN resolution_due_at timestamptz(3);
CREATE INDEX conversations_queue ON conversations (queue_id);

-- Every library that exists gets its default queue, and its conversations go to it.
INSERT INTO queues (library_id, name, is_default)
SELECT id, '{"fi": "Yleinen", "sv": "Allmän", "en": "General"}'::jsonb, true FROM libraries;
UPDATE conversations c SET queue_id = q.id FROM queues q WHERE q.library_id = c.library_id AND q.is_default;
UPDATE conversations c SET waiting_since = (
  SELECT min(m.created_at) FROM messages m
  WHERE m.conversation_id = c.id AND m.kind = 'customer'
    AND m.seq > coalesce((SELECT max(s.seq) FROM messages s WHERE s.conversation_id = c.id AND s.kind = 'staff'), 0)
);
