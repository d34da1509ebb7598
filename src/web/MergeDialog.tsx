// Merging this conversation into another of the same customer: the staff member chooses the
// target among the customer's other conversations that are not merged themselves; the server
// copies the messages and makes this one read-only (POST /conversations/:id/merge).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Conversation } from './api.js';
import { errorText } from './errors.js';
import { useI18n, type MessageKey } from './i18n.js';

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
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const candidates = others.filter((o) => o.mergedIntoId === null && o.id !== conversation.id);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  if (candidates.length === 0) return null;

  function close() {
    setOpen(false);
    setError('');
    openerRef.current?.focus();
  }

  async function merge(event: FormEvent) {
    event.preventDefault();
    if (!targetId) return;
    setBusy(true);
    setError('');
    try {
      const target = await api.merge(conversation.id, targetId);
      setOpen(false);
      onMerged(target);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button ref={openerRef} type="button" className="secondary" onClick={() => setOpen(true)}>
        {t('collab.merge')}
      </button>
      <dialog
        ref={dialogRef}
        className="merge"
        aria-labelledby="merge-title"
        aria-describedby="merge-intro"
        onCancel={(e) => {
          e.preventDefault();
          close();
        }}
      >
        <form onSubmit={(e) => void merge(e)}>
          <h3 id="merge-title">{t('collab.mergeTitle')}</h3>
          <p id="merge-intro">{t('collab.mergeIntro')}</p>
          <fieldset>
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
          <div className="actions">
            <button type="submit" disabled={!targetId || busy}>
              {t('collab.mergeConfirm')}
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
