// Merging this conversation into another of the same customer: the staff member chooses the
// target among the customer's other conversations that are not merged themselves; the server
// copies the messages and makes this one read-only (POST /conversations/:id/merge).
import { useState, type FormEvent } from 'react';
import { Merge } from 'lucide-react';
import { api, type Conversation } from './api.js';
import { errorText } from './errors.js';
import { useI18n, type MessageKey } from './i18n.js';
import { Button, Modal } from './ui/index.js';

interface Props {
  conversation: Conversation;
  /** The customer's other conversations. */
  others: Conversation[];
  onMerged: (target: Conversation) => void;
}

export function MergeDialog({ conversation, others, onMerged }: Props) {
  const { t, time } = useI18n();
  const [open, setOpen] = useState(false);
  const [targetId, setTargetId] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const candidates = others.filter((o) => o.mergedIntoId === null && o.id !== conversation.id);
  if (candidates.length === 0) return null;

  function change(isOpen: boolean) {
    if (busy) return;
    setOpen(isOpen);
    setError('');
  }

  async function merge(event: FormEvent) {
    event.preventDefault();
    if (!targetId) return;
    setBusy(true);
    setError('');
    try {
      const target = await api.merge(conversation.id, targetId);
      setBusy(false);
      setOpen(false);
      onMerged(target);
    } catch (e) {
      setBusy(false);
      setError(errorText(e, t));
    }
  }

  return (
    <>
      <Button variant="secondary" icon={Merge} onPress={() => change(true)}>
        {t('collab.merge')}
      </Button>
      <Modal isOpen={open} onOpenChange={change} title={t('collab.mergeTitle')} isDismissable={false} className="merge">
        <form onSubmit={(e) => void merge(e)}>
          <p id="merge-intro">{t('collab.mergeIntro')}</p>
          <fieldset aria-describedby="merge-intro">
            <legend>{t('collab.mergeTarget')}</legend>
            {candidates.map((o) => (
              <label key={o.id} className="choice">
                <input type="radio" name="merge-target" value={o.id} checked={targetId === o.id} onChange={() => setTargetId(o.id)} />
                {t('collab.mergeOption', {
                  channel: t(`channel.${o.channel}` as MessageKey),
                  status: t(`status.${o.status}`),
                  time: time(o.lastMessageAt),
                })}
              </label>
            ))}
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <Button variant="secondary" onPress={() => change(false)} isDisabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" icon={Merge} isDisabled={!targetId || busy}>
              {t('collab.mergeConfirm')}
            </Button>
          </div>
        </form>
      </Modal>
    </>
  );
}
