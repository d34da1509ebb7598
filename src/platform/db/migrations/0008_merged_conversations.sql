-- Merging two conversations of one customer (POST /conversations/:id/merge): the source's
-- messages are copied as one block to the end of the target's timeline (new seqs: a client
-- resuming from a seq never misses or repeats one), and the source keeps its own timeline,
-- read-only, pointing at the target. ON DELETE SET NULL: erasing a customer deletes both.
ALTER TABLE conversations ADD COLUMN merged_into_id uuid REFERENCES conversations(id) ON DELETE SET NULL;
CREATE INDEX conversations_merged_into ON conversations (merged_into_id);
