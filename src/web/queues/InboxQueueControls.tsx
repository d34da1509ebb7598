// The inbox's queue filter (a queue, or "my queues") and its order, and what a conversation
// row shows of its queue and its target (due soon / overdue).
import type { Conversation, Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { Badge } from '../ui/index.js';
import { dueState, queueName, type InboxSort } from './queue-text.js';
import { useQueues } from './use-queues.js';

interface ControlProps {
  me: Me;
  queue: string;
  sort: InboxSort;
  onChange: (changes: { queue?: string; sort?: InboxSort }) => void;
}

export function InboxQueueControls({ me, queue, sort, onChange }: ControlProps) {
  const { t, language } = useI18n();
  const queues = useQueues().filter((q) => !q.deletedAt);
  const mine = queues.filter((q) => q.memberIds.includes(me.account.id));
  return (
    <>
      <label>
        {t('queues.inbox.queue')}
        <select value={queue} onChange={(e) => onChange({ queue: e.target.value })} aria-describedby="my-queues">
          <option value="">{t('queues.inbox.allQueues')}</option>
          <option value="mine">{t('queues.inbox.myQueues')}</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {queueName(q.name, language)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('queues.inbox.sort')}
        <select value={sort} onChange={(e) => onChange({ sort: e.target.value as InboxSort })}>
          <option value="latest">{t('queues.inbox.sortLatest')}</option>
          <option value="waiting">{t('queues.inbox.sortWaiting')}</option>
          <option value="due">{t('queues.inbox.sortDue')}</option>
        </select>
      </label>
      <p id="my-queues" className="my-queues">
        {mine.length
          ? t('queues.inbox.youAreIn', { queues: mine.map((q) => queueName(q.name, language)).join(', ') })
          : t('queues.inbox.inNoQueue')}
      </p>
    </>
  );
}

/** The queue's name and the target badge on a conversation row. */
export function QueueRowInfo({ conversation, now }: { conversation: Conversation; now: number }) {
  const { t, language } = useI18n();
  const queues = useQueues();
  const queue = queues.find((q) => q.id === conversation.queueId);
  const due = dueState(conversation, now);
  return (
    <span className="queue-info">
      {queue && <span className="queue-name">{queueName(queue.name, language)}</span>}
      {due && (
        <Badge tone={due === 'overdue' ? 'danger' : 'warning'} className={`due-${due}`}>
          {due === 'overdue' ? t('queues.due.overdue') : t('queues.due.soon')}
        </Badge>
      )}
    </span>
  );
}
