// What identifies an email conversation at a glance: its subject and the customer's address.
import type { Conversation } from '../api.js';
import { useI18n } from '../i18n.js';

export function EmailHeader({ conversation }: { conversation: Conversation }) {
  const { t } = useI18n();
  return (
    <dl className="mail-head">
      <div>
        <dt>{t('emailView.subject')}</dt>
        <dd className="mail-subject">
          {conversation.subject ? <bdi>{conversation.subject}</bdi> : <span className="meta">{t('emailView.noSubject')}</span>}
        </dd>
      </div>
      <div>
        <dt>{t('emailView.address')}</dt>
        <dd>
          {conversation.customer.email ? <bdi className="mail-address">{conversation.customer.email}</bdi> : t('emailView.noAddress')}
        </dd>
      </div>
    </dl>
  );
}
