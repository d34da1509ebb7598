-- Answers at hand and wrap-up (issue 8): saved replies, the library's topic tags, and the
-- tags set on conversations.

-- A saved reply is the library's (owner_account_id NULL: kept by admins and supervisors) or one
-- staff member's own (only they see it). The body is a text per language, {fi?, sv?, en?}, at
-- least one; placeholders such as {customer.name} are checked when saved, filled when inserted.
CREATE TABLE saved_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  owner_account_id uuid REFERENCES accounts(id) ON DELETE CASCADE,
  title text NOT NULL,
  -- A word typed after "/" in the reply box finds it first, e.g. "aukiolo".
  shortcut text,
  body jsonb NOT NULL,
  -- Free words that help finding it (e.g. "lainaus", "salasana").
  keywords text[] NOT NULL DEFAULT '{}',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX saved_replies_library_owner ON saved_replies (library_id, owner_account_id);
CREATE INDEX saved_replies_owner ON saved_replies (owner_account_id);
-- A shortcut names one reply of the library, and one of each person's own.
CREATE UNIQUE INDEX saved_replies_library_shortcut ON saved_replies (library_id, lower(shortcut))
  WHERE owner_account_id IS NULL AND shortcut IS NOT NULL;
CREATE UNIQUE INDEX saved_replies_personal_shortcut ON saved_replies (owner_account_id, lower(shortcut))
  WHERE owner_account_id IS NOT NULL AND shortcut IS NOT NULL;

-- Topic tags the admins keep (reports count conversations by them). Archived, never deleted:
-- a tag set on past conversations stays readable.
CREATE TABLE tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  -- {fi?, sv?, en?}, at least one language.
  name jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX tags_library ON tags (library_id);

-- Whether a conversation is resolved only with a topic tag (one row per library that said so).
CREATE TABLE tag_settings (
  library_id uuid PRIMARY KEY REFERENCES libraries(id) ON DELETE CASCADE,
  required_at_resolve boolean NOT NULL DEFAULT false,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE conversation_tags (
  library_id uuid NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, tag_id)
);
CREATE INDEX conversation_tags_tag ON conversation_tags (tag_id);
CREATE INDEX conversation_tags_library ON conversation_tags (library_id);
