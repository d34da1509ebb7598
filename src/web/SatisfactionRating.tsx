// The customer's satisfaction answer in the conversation view: shown to supervisors and
// admins on any conversation, to staff on their own (the server refuses the rest). Read again
// whenever the conversation's status changes (a resolve asks the customer).
import { useEffect, useState } from 'react';
import type { Conversation, Me } from './api.js';
import { useI18n } from './i18n.js';
import { satisfactionApi, type ConversationSatisfaction } from './satisfaction-api.js';

export function SatisfactionRating({ me, conversation }: { me: Me; conversation: Conversation }) {
  const { t, tx, time } = useI18n();
  const [rating, setRating] = useState<ConversationSatisfaction | null>(null);
  const role = me.account.role;
  const allowed = role === 'admin' || role === 'supervisor' || conversation.assignee?.id === me.account.id;

  useEffect(() => {
    if (!allowed) return setRating(null);
    let current = true;
    satisfactionApi.ofConversation(conversation.id).then(
      (r) => current && setRating(r),
      () => current && setRating(null),
    );
    return () => {
      current = false;
    };
  }, [allowed, conversation.id, conversation.status]);

  if (!allowed || !rating || rating.status === 'not_offered') return null;
  return (
    <section className="satisfaction-rating" aria-labelledby="rating-title">
      <h3 id="rating-title">{t('satisfaction.ratingTitle')}</h3>
      {rating.status === 'offered' || rating.score === null || !rating.scale ? (
        <p>{t('satisfaction.waiting')}</p>
      ) : (
        <>
          <p>
            <strong>{t('satisfaction.scoreOf', { score: rating.score, max: rating.scale.max })}</strong>
            {rating.answeredAt && (
              <>
                {' · '}
                <time dateTime={rating.answeredAt}>{time(rating.answeredAt)}</time>
              </>
            )}
          </p>
          {rating.comment && <p className="comment">{tx('satisfaction.commentSaid', {}, { comment: rating.comment })}</p>}
        </>
      )}
    </section>
  );
}
