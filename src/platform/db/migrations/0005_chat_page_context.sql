-- Web chat context for staff: the page the customer opened the chat on (its address and
-- title, as the widget reported them: shown to staff, never trusted for anything else), and
-- when the customer ended the chat in the widget (cleared again by a later customer message).
ALTER TABLE conversations ADD COLUMN page_url text CHECK (page_url IS NULL OR (char_length(page_url) <= 2000 AND page_url ~* '^https?://'));
ALTER TABLE conversations ADD COLUMN page_title text CHECK (page_title IS NULL OR char_length(page_title) <= 300);
ALTER TABLE conversations ADD COLUMN customer_left_at timestamptz(3);
