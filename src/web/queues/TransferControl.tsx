// "Transfer": a dialog to hand the conversation to a colleague or to a queue, with a note
// for them (kept as an internal note). A refusal (a colleague deactivated meanwhile, a queue
// deleted) is shown in the dialog in the server's words, and nothing was changed.
import { useEffect, useState } from 'react';
import { ArrowRightLeft, Send } from 'lucide-react';
import { api, type Conversation, type Me } from '../api.js';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';
import { Button, Modal, Select, TextArea } from '../ui/index.js';
import { queueApi } from './queue-api.js';
import { queueName } from './queue-text.js';
import { useQueues } from './use-queues.js';

interface Props {
  me: Me;
  conversation: Conversation;
  onTransferred: (conversation: Conversation) => void;
}

type Target = 'account' | 'queue';

export function TransferControl({ me, conversation, onTransferred }: Props) {
  const { t, language } = useI18n();
  const queues = useQueues().filter((q) => !q.deletedAt);
  const [isOpen, setOpen] = useState(false);
  const [target, setTarget] = useState<Target>('account');
  const [accounts, setAccounts] = useState<{ id: string; displayName: string }[]>([]);
  const [choice, setChoice] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  // Colleagues: everyone in a queue, and for supervisors and admins every active account.
  const fromQueues = queues.flatMap((q) => q.members.filter((m) => m.active));
  const colleagues = [...new Map([...fromQueues, ...accounts].map((a) => [a.id, { id: a.id, displayName: a.displayName }])).values()]
    .filter((a) => a.id !== me.account.id && a.id !== conversation.assignee?.id)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, language));
  const options =
    target === 'account'
      ? colleagues.map((c) => ({ id: c.id, label: c.displayName }))
      : queues.filter((q) => q.id !== conversation.queueId).map((q) => ({ id: q.id, label: queueName(q.name, language) }));
  const chosen = options.some((o) => o.id === choice) ? choice : (options[0]?.id ?? null);

  useEffect(() => {
    if (me.account.role === 'staff') return;
    api.accounts().then(
      (page) => setAccounts(page.items.filter((a) => a.active)),
      () => undefined,
    );
  }, [me.account.role]);

  function open() {
    setError('');
    setNote('');
    setChoice(null);
    setOpen(true);
  }

  async function submit() {
    if (!chosen) return;
    setBusy(true);
    setError('');
    try {
      const changed = await queueApi.transfer(conversation.id, target === 'account' ? { accountId: chosen } : { queueId: chosen }, note);
      onTransferred(changed);
      setOpen(false);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant="secondary" icon={ArrowRightLeft} onPress={open}>
        {t('queues.transfer.open')}
      </Button>
      <Modal isOpen={isOpen} onOpenChange={(next) => !busy && setOpen(next)} title={t('queues.transfer.title')} isDismissable={false}>
        <form
          className="stacked transfer-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Select<Target>
            label={t('queues.transfer.to')}
            options={[
              { id: 'account', label: t('queues.transfer.toColleague') },
              { id: 'queue', label: t('queues.transfer.toQueue') },
            ]}
            value={target}
            onChange={(value) => {
              setTarget(value);
              setChoice(null);
            }}
          />
          {options.length > 0 ? (
            <Select
              label={target === 'account' ? t('queues.transfer.colleague') : t('queues.transfer.queue')}
              options={options}
              value={chosen}
              onChange={setChoice}
            />
          ) : (
            <p>{target === 'account' ? t('queues.transfer.noColleagues') : t('queues.transfer.noQueues')}</p>
          )}
          <TextArea label={t('queues.transfer.note')} rows={3} maxLength={5000} value={note} onChange={setNote} />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <Button variant="secondary" onPress={() => setOpen(false)} isDisabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" icon={Send} isPending={busy} isDisabled={!chosen}>
              {t('queues.transfer.submit')}
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}

/** The conversation's queue, for the header of the conversation view. */
export function QueueOfConversation({ conversation }: { conversation: Conversation }) {
  const { t, language } = useI18n();
  const queue = useQueues().find((q) => q.id === conversation.queueId);
  return queue ? <> · {t('queues.conversation.queue', { queue: queueName(queue.name, language) })}</> : null;
}
