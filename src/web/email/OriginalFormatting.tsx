// "Show original formatting": the mail's HTML in a dialog, inside a frame sandboxed with no
// permissions at all (no script, its own opaque origin); the server's policy for the document
// forbids loading anything besides. A mail without an HTML part says so instead of a frame.
import { useState } from 'react';
import { Code } from 'lucide-react';
import { Button, Modal } from '../ui/index.js';
import { useI18n } from '../i18n.js';

export const mailHtmlUrl = (conversationId: string, messageId: string) =>
  `/api/v1/conversations/${conversationId}/messages/${messageId}/html`;

type State = 'closed' | 'loading' | 'ready' | 'missing' | 'failed';

export function OriginalFormatting({ conversationId, messageId }: { conversationId: string; messageId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>('closed');
  const url = mailHtmlUrl(conversationId, messageId);

  async function open() {
    setState('loading');
    // Asked first (headers only): a frame would show a 404's JSON, and a frame's failure cannot be read.
    try {
      const response = await fetch(url, { method: 'HEAD', credentials: 'same-origin' });
      setState(response.ok ? 'ready' : response.status === 404 ? 'missing' : 'failed');
    } catch {
      setState('failed');
    }
  }

  return (
    <>
      <Button variant="quiet" icon={Code} className="mail-original" onPress={() => void open()}>
        {t('emailView.showOriginal')}
      </Button>
      <Modal
        isOpen={state !== 'closed'}
        onOpenChange={(isOpen) => !isOpen && setState('closed')}
        title={t('emailView.originalTitle')}
        className="mail-original-dialog"
      >
        {state === 'loading' && <p role="status">{t('common.loading')}</p>}
        {state === 'ready' && <iframe className="mail-frame" sandbox="" src={url} title={t('emailView.frameTitle')} />}
        {state === 'missing' && <p role="status">{t('emailView.noHtml')}</p>}
        {state === 'failed' && (
          <p role="alert" className="error">
            {t('emailView.htmlFailed')}
          </p>
        )}
        <div className="dialog-actions">
          <Button variant="secondary" onPress={() => setState('closed')} autoFocus>
            {t('emailView.close')}
          </Button>
        </div>
      </Modal>
    </>
  );
}
