// A customer's email in the timeline: what they wrote now, with the history their mail program
// quoted and their signature folded behind a button (fold.ts decides which is which), and the
// mail's original layout a click away.
import { useId, useMemo, useState } from 'react';
import { ChevronDown, ChevronRight } from 'lucide-react';
import type { Message } from '../api.js';
import { Button } from '../ui/index.js';
import { useI18n } from '../i18n.js';
import { foldMail } from './fold.js';
import { OriginalFormatting } from './OriginalFormatting.js';
// The styles of every email component (Attachments and EmailHeader too: one bundle).
import './email.css';

export function EmailMessage({ message }: { message: Message }) {
  const { t } = useI18n();
  const folded = useMemo(() => foldMail(message.body), [message.body]);
  const [open, setOpen] = useState(false);
  const foldedId = useId();
  const hasFold = folded.quoted !== null || folded.signature !== null;
  const [show, hide] =
    folded.quoted !== null
      ? (['emailView.showQuoted', 'emailView.hideQuoted'] as const)
      : (['emailView.showSignature', 'emailView.hideSignature'] as const);
  return (
    <div className="mail-body">
      <p dir="auto">{folded.main}</p>
      {hasFold && (
        <>
          <Button
            variant="quiet"
            className="mail-fold-toggle"
            icon={open ? ChevronDown : ChevronRight}
            aria-expanded={open}
            aria-controls={foldedId}
            onPress={() => setOpen(!open)}
          >
            {t(open ? hide : show)}
          </Button>
          <div id={foldedId} className="mail-folded" hidden={!open}>
            {folded.signature !== null && (
              <p dir="auto" className="mail-signature">
                {folded.signature}
              </p>
            )}
            {folded.quoted !== null && (
              <blockquote dir="auto" className="mail-quoted">
                {folded.quoted}
              </blockquote>
            )}
          </div>
        </>
      )}
      <OriginalFormatting conversationId={message.conversationId} messageId={message.id} />
    </div>
  );
}
