// One conversation: its timeline, the reply box with the internal-note switch,
// claim/resolve/reopen, and the customer's other conversations across channels.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Conversation, type Me, type Message } from './api.js';
import { ClaimControl } from './ClaimControl.js';
import { errorText } from './errors.js';
import { useI18n, type MessageKey } from './i18n.js';
import { customerName } from './Inbox.js';
import { Timeline } from './Timeline.js';
import { QueueOfConversation, TransferControl } from './queues/TransferControl.js';

interface Props {
  me: Me;
  conversation: Conversation;
  messages: Message[];
  hasEarlier: boolean;
  onLoadEarlier: () => Promise<number>;
  onChanged: (conversation: Conversation) => void;
  /** The stored reply or note as the server answered it (with the delivery it got so far). */
  onSent: (message: Message) => void;
}

export function ConversationView({ me, conversation, messages, hasEarlier, onLoadEarlier, onChanged, onSent }: Props) {
  const { t, tx, time } = useI18n();
  const [internal, setInternal] = useState(false);
  const [body, setBody] = useState('');
  const [error, setError] = useState('');
  const [others, setOthers] = useState<Conversation[]>([]);
  const replyRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    api.customer(conversation.customer.id).then(
      (c) => setOthers(c.conversations.filter((o) => o.id !== conversation.id)),
      () => setOthers([]),
    );
  }, [conversation.customer.id, conversation.id]);

  async function act(action: () => Promise<Conversation>) {
    setError('');
    try {
      onChanged(await action());
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    setError('');
    try {
      // Shown at once, not only when the live connection brings it (it may be reconnecting).
      onSent(await api.reply(conversation.id, body, internal));
      setBody('');
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  const who = customerName(conversation, t);
  const mine = conversation.assignee?.id === me.account.id;
  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header>
        <h2 id="conversation-title">{tx('conversation.title', {}, { customer: who })}</h2>
        <p className="meta">
          {t('conversation.meta', {
            channel: t(`channel.${conversation.channel}` as MessageKey),
            language: t(`lang.${conversation.language}`),
            status: t(`status.${conversation.status}`),
          })}{' '}
          ·{' '}
          {conversation.assignee
            ? tx('conversation.assignedTo', {}, { name: conversation.assignee.displayName })
            : t('conversation.unassigned')}
          <QueueOfConversation conversation={conversation} />
        </p>
        <div className="actions">
          {!mine && (
            <ClaimControl
              conversationId={conversation.id}
              onError={setError}
              onClaimed={(claimed) => {
                onChanged(claimed);
                // The claim button goes away with the claim; answering is the next step.
                replyRef.current?.focus();
              }}
            />
          )}
          <TransferControl me={me} conversation={conversation} onTransferred={onChanged} />
          {conversation.status !== 'resolved' ? (
            <>
              {conversation.status !== 'pending' && (
                <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'pending'))}>
                  {t('conversation.pending')}
                </button>
              )}
              <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'resolved'))}>
                {t('conversation.resolve')}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'open'))}>
              {t('conversation.reopen')}
            </button>
          )}
        </div>
      </header>
      <Timeline messages={messages} customer={who} channel={conversation.channel} hasEarlier={hasEarlier} onLoadEarlier={onLoadEarlier} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form className={internal ? 'reply internal' : 'reply'} onSubmit={(e) => void send(e)}>
        <label className="switch">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          {t('reply.internal')}
        </label>
        <label htmlFor="reply-body">{internal ? t('reply.noteLabel') : t('reply.label')}</label>
        <textarea ref={replyRef} id="reply-body" rows={4} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit">{internal ? t('reply.saveNote') : t('reply.send')}</button>
      </form>
      <aside aria-labelledby="others-title">
        <h3 id="others-title">{t('conversation.otherConversations')}</h3>
        {others.length === 0 ? (
          <p>{t('conversation.noOthers')}</p>
        ) : (
          <ul>
            {others.map((o) => (
              <li key={o.id}>
                <a href={`#/c/${o.id}`}>
                  {t(`channel.${o.channel}` as MessageKey)} · {t(`status.${o.status}`)} · {time(o.lastMessageAt)}
                </a>
              </li>
            ))}
          </ul>
        )}
      </aside>
    </section>
  );
}
