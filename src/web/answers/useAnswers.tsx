// The reply box's way to answers at hand: "/" at the start of the box, Ctrl+Space anywhere in it,
// or the "Saved replies" button opens the picker; the chosen answer goes in at the caret in the
// conversation's language with its placeholders filled, and focus returns to the box.
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { Conversation, Me } from '../api.js';
import { useI18n } from '../i18n.js';
import { AnswerPicker } from './AnswerPicker.js';
import { chooseText, fillAnswer, insertAt } from './insert.js';
import type { AnswerProvider } from './provider.js';
import { savedRepliesProvider } from './saved-replies-provider.js';

interface Options {
  me: Me;
  conversation: Conversation;
  body: string;
  setBody: (body: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
}

export interface AnswersInReplyBox {
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  /** The button and, when open, the picker; and the notice of the last insertion. */
  controls: ReactNode;
}

export function useAnswers({ me, conversation, body, setBody, textarea }: Options): AnswersInReplyBox {
  const { t, language } = useI18n();
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState('');
  const selection = useRef({ start: 0, end: 0 });
  const providers = useMemo<AnswerProvider[]>(() => [savedRepliesProvider(t)], [t]);

  function openPicker() {
    const box = textarea.current;
    selection.current = { start: box?.selectionStart ?? body.length, end: box?.selectionEnd ?? body.length };
    setNotice('');
    setOpen(true);
  }

  function close(caret?: number) {
    setOpen(false);
    // After the picker is gone: back to the reply box, the caret after what went in.
    requestAnimationFrame(() => {
      const box = textarea.current;
      if (!box) return;
      box.focus();
      if (caret !== undefined) box.setSelectionRange(caret, caret);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    const box = event.currentTarget;
    const atStart = body.slice(0, box.selectionStart).trim() === '';
    if ((event.key === '/' && atStart && !event.ctrlKey && !event.metaKey && !event.altKey) || (event.key === ' ' && event.ctrlKey)) {
      event.preventDefault();
      openPicker();
    }
  }

  const controls = (
    <>
      <button type="button" className="secondary" aria-keyshortcuts="Control+Space" aria-expanded={open} onClick={openPicker}>
        {t('replies.open')}
      </button>
      {open && (
        <AnswerPicker
          providers={providers}
          language={conversation.language}
          onClose={() => close()}
          onPick={(answer) => {
            const chosen = chooseText(answer.text, conversation.language, language);
            if (!chosen) return close();
            const text = fillAnswer(chosen.text, {
              'customer.name': conversation.customer.name,
              'customer.email': conversation.customer.email,
              'staff.name': me.account.displayName,
              'library.name': me.library.name[chosen.language],
            });
            const { start, end } = selection.current;
            const next = insertAt(body, text, start, end);
            setBody(next.body);
            setNotice(
              chosen.fallback
                ? t('replies.insertedFallback', { wanted: t(`lang.${conversation.language}`), used: t(`lang.${chosen.language}`) })
                : t('replies.inserted'),
            );
            close(next.caret);
          }}
        />
      )}
      <p role="status" className={notice && notice !== t('replies.inserted') ? 'answer-notice warn' : 'answer-notice'}>
        {notice}
      </p>
    </>
  );
  return { onKeyDown, controls };
}
