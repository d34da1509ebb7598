-- Customer satisfaction (CSAT): one survey per conversation. A row is made when the question
-- is first put to the customer (chat: the widget shows it once the conversation is resolved;
-- another channel asks its own way later and makes the row the same way), and answered at
-- most once. A conversation re-opened and resolved again is asked again only while its row is
-- unanswered. The scale is kept as it was asked, so a later change of the library's scale
-- leaves earlier answers readable. Erasing the customer deletes the conversation, and its
-- survey (the comment is personal data) with it.
CREATE TABLE satisfaction_surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL UNIQUE REFERENCES conversations(id) ON DELETE CASCADE,
  -- The conversation's channel when it was asked (reports count per channel).
  channel text NOT NULL CHECK (channel IN ('chat', 'email', 'form', 'callback', 'desk', 'api')),
  -- The language asked in; the language of the answer once answered.
  language text NOT NULL CHECK (language IN ('fi', 'sv', 'en')),
  -- The conversation's queue when it was asked. No foreign key yet: queues arrive in their
  -- own migration, which can add the key (and its index) once the table exists.
  queue_id uuid,
  scale_min integer NOT NULL CHECK (scale_min IN (0, 1)),
  scale_max integer NOT NULL CHECK (scale_max BETWEEN 2 AND 10),
  offered_at timestamptz(3) NOT NULL DEFAULT now(),
  score integer,
  comment text CHECK (char_length(comment) <= 2000),
  answered_at timestamptz(3),
  CHECK (score BETWEEN scale_min AND scale_max),
  CHECK ((score IS NULL) = (answered_at IS NULL)),
  CHECK (comment IS NULL OR score IS NOT NULL)
);
-- The Satisfaction screen: a library's answers, newest first (keyset on answered_at, id).
CREATE INDEX satisfaction_surveys_answers ON satisfaction_surveys (library_id, answered_at DESC, id DESC);
