-- Satisfaction answers count for the queue that handled the conversation (queues came in 0007).
UPDATE satisfaction_surveys s SET queue_id = c.queue_id FROM conversations c WHERE c.id = s.conversation_id AND s.queue_id IS NULL;
ALTER TABLE satisfaction_surveys
  ADD CONSTRAINT satisfaction_surveys_queue_id_fkey FOREIGN KEY (queue_id) REFERENCES queues(id) ON DELETE SET NULL;
CREATE INDEX satisfaction_surveys_queue_id_idx ON satisfaction_surveys (queue_id);
