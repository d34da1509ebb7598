// Working together on a conversation: who else views it or writes in it now ("Maija is
// writing a reply"), the customer typing, a typing marker for the inbox row, and the question
// asked before replying to a conversation a colleague holds (on the shell's Modal). The states come from the staff
// socket's activity frames (activity.ts).
import { Send } from 'lucide-react';
import type { StaffActivity } from '../contract/frames.js';
import { useActivity } from './activity.js';
import { useI18n, type MessageKey } from './i18n.js';
import { Button, Modal } from './ui/index.js';

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

interface ReplyQuestionProps {
  /** The colleague who holds the conversation; null: not asking. */
  holder: string | null;
  onReply: () => void;
  onCancel: () => void;
}

/**
 * "Assigned to Maija — reply anyway?": asked before a reply to a colleague's conversation. On
 * the shell's Modal rather than its ConfirmDialog: that one marks its button pending while
 * confirming, and React Aria's announcement of it then points at a button the closed dialog
 * took away (axe: role-img-alt) for a few seconds.
 */
export function ReplyAnywayDialog({ holder, onReply, onCancel }: ReplyQuestionProps) {
  const { t, tx } = useI18n();
  return (
    <Modal
      isOpen={holder !== null}
      onOpenChange={(open) => {
        if (!open) onCancel();
      }}
      title={tx('collab.replyClaimed', {}, { name: holder ?? '' })}
      role="alertdialog"
      isDismissable={false}
    >
      <div className="dialog-body">
        <p>{tx('collab.replyClaimedHint', {}, { name: holder ?? '' })}</p>
      </div>
      <div className="dialog-actions">
        <Button variant="secondary" onPress={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button icon={Send} onPress={onReply} autoFocus>
          {t('collab.replyAnyway')}
        </Button>
      </div>
    </Modal>
  );
}
