// Modal dialogs on React Aria: focus moves in and is trapped, Esc and the Cancel button close,
// focus returns to what opened it, the page behind is inert. ConfirmDialog asks before an
// action that is hard to undo and says, inside the dialog, when the action failed.
import { useState, type ReactNode } from 'react';
import { Dialog, Heading, Modal as AriaModal, ModalOverlay } from 'react-aria-components';
import type { LucideIcon } from 'lucide-react';
import { useI18n } from '../i18n.js';
import { errorText } from '../errors.js';
import { Button } from './Button.js';

export interface ModalProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  title: ReactNode;
  children: ReactNode;
  /** Closing by clicking outside: off for dialogs where a stray click would lose work. */
  isDismissable?: boolean;
  /** 'alertdialog' for questions that need an answer (confirmations). */
  role?: 'dialog' | 'alertdialog';
  className?: string;
}

export function Modal({ isOpen, onOpenChange, title, children, isDismissable = true, role = 'dialog', className }: ModalProps) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable} className="modal-overlay">
      <AriaModal className={['modal', className ?? ''].filter(Boolean).join(' ')}>
        <Dialog role={role} className="dialog">
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          {children}
        </Dialog>
      </AriaModal>
    </ModalOverlay>
  );
}

export interface ConfirmDialogProps {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  title: ReactNode;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  confirmLabel: string;
  confirmIcon?: LucideIcon;
  /** 'danger' for what cannot be undone easily (deactivating, erasing). */
  variant?: 'primary' | 'danger';
  /** Resolves when done (the dialog closes); a rejection is shown in the dialog, which stays open. */
  onConfirm: () => Promise<void> | void;
}

export function ConfirmDialog({
  isOpen,
  onOpenChange,
  title,
  children,
  confirmLabel,
  confirmIcon,
  variant = 'primary',
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const change = (open: boolean) => {
    if (busy) return;
    setError('');
    onOpenChange(open);
  };
  return (
    <Modal isOpen={isOpen} onOpenChange={change} title={title} role="alertdialog" isDismissable={false}>
      <div className="dialog-body">{children}</div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <Button variant="secondary" onPress={() => change(false)} isDisabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button
          variant={variant}
          icon={confirmIcon}
          isPending={busy}
          // Focus starts here: the question is answered (or cancelled with Esc) at once.
          autoFocus
          onPress={async () => {
            setBusy(true);
            setError('');
            try {
              await onConfirm();
              setBusy(false);
              onOpenChange(false);
            } catch (e) {
              setBusy(false);
              setError(errorText(e, t));
            }
          }}
        >
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
