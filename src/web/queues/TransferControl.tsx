// "Transfer": a dialog to hand the conversation to a colleague or to a queue, with a note
// for them (kept as an internal note). A refusal (a colleague deactivated meanwhile, a queue
// deleted) is shown in the dialog in the server's words, and nothing was changed.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Conversation, type Me } from '../api.js';
import { errorText } from '../errors.js';
import { useI18n } from '../i18n.js';
import { queueApi } from './queue-api.js';
import { queueName } from './queue-text.js';
import { useQueues } from './use-queues.js';

interface Props {
  me: Me;
  conversation: Conversation;
  onTransferred: (conversation: Conversation) => void;
}

export function TransferControl({ me, conversation, onTransferred }: Props) {
  const { t, language } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const queues = useQueues().filter((q) => !q.deletedAt);
  const [target, setTarget] = useState<'account' | 'queue'>('account');
  const [accounts, setAccounts] = useState<{ id: string; displayName: string }[]>([]);
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  // Colleagues: everyone in a queue, and for supervisors and admins every active account.
  const fromQueues = queues.flatMap((q) => q.members.filter((m) => m.active));
  const colleagues = [...new Map([...fromQueues, ...accounts].map((a) => [a.id, a])).values()]
    .filter((a) => a.id !== me.account.id && a.id !== conversation.assignee?.id)
    .sort((a, b) => a.displayName.localeCompare(b.displayName, language));
  const options =
    target === 'account'
      ? colleagues.map((c) => ({ id: c.id, label: c.displayName }))
      : queues.map((q) => ({ id: q.id, label: queueName(q.name, language) }));

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
    setChoice('');
    dialog.current?.showModal();
  }
  function close() {
    dialog.current?.close();
    opener.current?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const id = choice || options[0]?.id;
    if (!id) return;
    setBusy(true);
    setError('');
    try {
      const changed = await queueApi.transfer(conversation.id, target === 'account' ? { accountId: id } : { queueId: id }, note);
      onTransferred(changed);
      close();
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button ref={opener} type="button" className="secondary" onClick={open}>
        {t('queues.transfer.open')}
      </button>
      <dialog ref={dialog} className="transfer-dialog" aria-labelledby="transfer-title" onClose={() => opener.current?.focus()}>
        <form onSubmit={(e) => void submit(e)} className="stacked">
          <h3 id="transfer-title">{t('queues.transfer.title')}</h3>
          <fieldset>
            <legend>{t('queues.transfer.to')}</legend>
            <label>
              <input
                type="radio"
                name="transfer-target"
                checked={target === 'account'}
                onChange={() => {
                  setTarget('account');
                  setChoice('');
                }}
              />
              {t('queues.transfer.toColleague')}
            </label>
            <label>
              <input
                type="radio"
                name="transfer-target"
                checked={target === 'queue'}
                onChange={() => {
                  setTarget('queue');
                  setChoice('');
                }}
              />
              {t('queues.transfer.toQueue')}
            </label>
          </fieldset>
          <label>
            {target === 'account' ? t('queues.transfer.colleague') : t('queues.transfer.queue')}
            <select value={choice || options[0]?.id || ''} onChange={(e) => setChoice(e.target.value)}>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          {target === 'account' && colleagues.length === 0 && <p>{t('queues.transfer.noColleagues')}</p>}
          <label>
            {t('queues.transfer.note')}
            <textarea rows={3} maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy || options.length === 0}>
              {t('queues.transfer.submit')}
            </button>
            <button type="button" className="secondary" onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/** The conversation's queue, for the header of the conversation view. */
export function QueueOfConversation({ conversation }: { conversation: Conversation }) {
  const { t, language } = useI18n();
  const queue = useQueues().find((q) => q.id === conversation.queueId);
  return queue ? <> · {t('queues.conversation.queue', { queue: queueName(queue.name, language) })}</> : null;
}
