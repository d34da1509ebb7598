// The inbox list with its filters; live updates come from App through `conversations`.
import { Mail } from 'lucide-react';
import { channelKinds, conversationStatuses } from '../contract/kinds.js';
import { languages } from '../contract/languages.js';
import type { Conversation, Me } from './api.js';
import { InboxQueueControls, QueueRowInfo } from './queues/InboxQueueControls.js';
import { sortConversations } from './queues/queue-text.js';
import { useI18n, type MessageKey } from './i18n.js';
import type { InboxFilters } from './timeline.js';
import { TypingMarker } from './Collaborators.js';
import { TagFilter } from './Tags.js';

interface Props {
  me: Me;
  conversations: Conversation[];
  filters: InboxFilters;
  onFilters: (filters: InboxFilters) => void;
  selectedId: string | null;
  hasMore: boolean;
  onLoadMore: () => void;
  /** Why the list could not be loaded (translated), or ''. */
  error: string;
}

export function customerName(conversation: Conversation, t: (key: MessageKey) => string): string {
  return conversation.customer.name ?? conversation.customer.email ?? t('customer.anonymous');
}

export function Inbox({ me, conversations, filters, onFilters, selectedId, hasMore, onLoadMore, error }: Props) {
  const { t, time } = useI18n();
  const set = (key: keyof InboxFilters) => (event: { target: { value: string } }) => onFilters({ ...filters, [key]: event.target.value });
  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('inbox.title')}</h2>
      <fieldset className="filters">
        <legend>{t('inbox.filters')}</legend>
        <label>
          {t('inbox.status')}
          <select value={filters.status} onChange={set('status')}>
            <option value="">{t('inbox.any')}</option>
            {conversationStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.assignee')}
          <select value={filters.assignee} onChange={set('assignee')}>
            <option value="">{t('inbox.any')}</option>
            <option value="me">{t('inbox.mine')}</option>
            <option value="none">{t('inbox.unassigned')}</option>
          </select>
        </label>
        <label>
          {t('inbox.channel')}
          <select value={filters.channel} onChange={set('channel')}>
            <option value="">{t('inbox.any')}</option>
            {channelKinds.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.language')}
          <select value={filters.language} onChange={set('language')}>
            <option value="">{t('inbox.any')}</option>
            {languages.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <TagFilter value={filters.tag ?? ''} onChange={(tag) => onFilters({ ...filters, tag })} />
        <InboxQueueControls
          me={me}
          queue={filters.queue ?? ''}
          sort={filters.sort ?? 'latest'}
          onChange={(changes) => onFilters({ ...filters, ...changes })}
        />
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {conversations.length === 0 ? (
        // After a failed load, "no conversations" would be untrue: the error says why instead.
        !error && <p>{t('inbox.empty')}</p>
      ) : (
        <ul className="conversation-list">
          {sortConversations(conversations, filters.sort ?? 'latest').map((c) => (
            <li key={c.id} className={c.id === selectedId ? 'selected' : undefined}>
              <a href={`#/c/${c.id}`} aria-current={c.id === selectedId ? 'page' : undefined}>
                {/* What people wrote is isolated (<bdi>): its text direction cannot reorder what follows. */}
                <bdi className="who">{customerName(c, t)}</bdi>
                <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
                {/* An email is known by its subject: above the latest words, like a mail program. */}
                {c.channel === 'email' && c.subject && <bdi className="preview mail-row-subject">{c.subject}</bdi>}
                <bdi className="preview">{c.lastMessagePreview ?? ''}</bdi>
                <TypingMarker conversationId={c.id} />
                <QueueRowInfo conversation={c} now={Date.now()} />
                <span className="meta">
                  {/* The icon is decoration: the channel's name beside it is what is read. */}
                  {c.channel === 'email' && <Mail className="channel-icon" aria-hidden="true" focusable="false" size={14} />}
                  {t(`channel.${c.channel}` as MessageKey)} · {t(`lang.${c.language}`)} ·{' '}
                  <time dateTime={c.lastMessageAt}>{time(c.lastMessageAt)}</time>
                  {c.channel === 'chat' && c.customerLeftAt && <span className="customer-left"> · {t('inbox.customerLeft')}</span>}
                  {c.assignee && (
                    <>
                      {' · '}
                      <bdi>{c.assignee.displayName}</bdi>
                    </>
                  )}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {hasMore && (
        <button type="button" onClick={onLoadMore}>
          {t('inbox.loadMore')}
        </button>
      )}
    </section>
  );
}
