// Working together on a conversation: who else views it or writes in it now ("Maija is
// writing a reply"), the customer typing, a typing marker for the inbox row, and the question
// asked before replying to a conversation a colleague holds. The states come from the staff
// socket's activity frames (activity.ts).
import { useEffect, useRef } from 'react';
import type { StaffActivity } from '../contract/frames.js';
import { useActivity } from './activity.js';
import { useI18n, type MessageKey } from './i18n.js';

const sentence: Record<'viewing' | 'reply' | 'note', MessageKey> = {
  viewing: 'collab.viewing',
  reply: 'collab.writingReply',
  note: 'collab.writingNote',
};

interface Props {
  conversationId: string;
  meId: string;
  /** The customer's name as the conversation shows it. */
  customer: string;
}

export function Collaborators({ conversationId, meId, customer }: Props) {
  const { t, tx } = useI18n();
  const { staff, customerTyping } = useActivity(conversationId);
  const others = staff.filter((s: StaffActivity) => s.accountId !== meId);
  return (
    <div className="collaborators">
      {/* A status region, always rendered, so that a colleague arriving is read out. */}
      <div role="status">
        {others.length > 0 && (
          <ul aria-label={t('collab.colleagues')}>
            {others.map((s) => (
              <li key={s.accountId} className={s.writing ? 'writing' : 'viewing'}>
                {tx(sentence[s.writing ?? 'viewing'], {}, { name: s.displayName })}
              </li>
            ))}
          </ul>
        )}
      </div>
      {/* Shown, not read out: it comes and goes with every pause in the customer's typing. */}
      <p className="customer-typing">{customerTyping ? tx('collab.customerTyping', {}, { customer }) : ''}</p>
    </div>
  );
}

/** "typing…" in the inbox row while the conversation's customer types. */
export function TypingMarker({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const { customerTyping } = useActivity(conversationId);
  return customerTyping ? <span className="typing-marker">{t('collab.typingMarker')}</span> : null;
}

interface ConfirmProps {
  /** The question; null: closed. */
  question: React.ReactNode | null;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal question (native dialog: focus moves in and is kept there, Escape cancels). */
export function ConfirmDialog({ question, confirmLabel, onConfirm, onCancel }: ConfirmProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const open = question !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-question"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <p id="confirm-question">{question}</p>
      <div className="actions">
        <button type="button" autoFocus onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
