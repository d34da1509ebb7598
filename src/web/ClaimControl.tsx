// Claiming a conversation. A colleague's conversation is never taken silently: the server
// refuses (already_claimed, naming the holder) and staff may then take it over explicitly.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type Conversation } from './api.js';
import { errorText } from './errors.js';
import { useI18n } from './i18n.js';

interface Props {
  conversationId: string;
  onClaimed: (conversation: Conversation) => void;
  onError: (text: string) => void;
}

export function ClaimControl({ conversationId, onClaimed, onError }: Props) {
  const { t, tx } = useI18n();
  // The colleague who has the conversation ('' when the server did not name them), or null.
  const [holder, setHolder] = useState<string | null>(null);
  const claimRef = useRef<HTMLButtonElement>(null);
  const takeOverRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // The question needs an answer next: put the keyboard on it (its text describes the button).
    if (holder !== null) takeOverRef.current?.focus();
  }, [holder]);

  async function claim(force: boolean) {
    onError('');
    try {
      const claimed = await api.claim(conversationId, force);
      setHolder(null);
      onClaimed(claimed);
    } catch (e) {
      if (!force && e instanceof ApiError && e.code === 'already_claimed') {
        setHolder(typeof e.details.name === 'string' ? e.details.name : '');
      } else {
        onError(errorText(e, t));
      }
    }
  }

  return (
    <>
      <button ref={claimRef} type="button" onClick={() => void claim(false)}>
        {t('conversation.claim')}
      </button>
      {holder !== null && (
        <div className="takeover">
          <p id="takeover-question">{holder ? tx('claim.heldBy', {}, { name: holder }) : t('claim.heldBySomeone')}</p>
          <button ref={takeOverRef} type="button" aria-describedby="takeover-question" onClick={() => void claim(true)}>
            {t('claim.takeOver')}
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setHolder(null);
              claimRef.current?.focus();
            }}
          >
            {t('common.cancel')}
          </button>
        </div>
      )}
    </>
  );
}
