// One conversation: its timeline (customer, staff, internal notes, system events), the
// reply box with the internal-note switch, claim/resolve/reopen, and the customer's other
// conversations across channels.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Conversation, type Me, type Message } from './api.js';
import { useI18n, type MessageKey } from './i18n.js';
import { customerName } from './Inbox.js';

interface Props {
  me: Me;
  conversation: Conversation;
  messages: Message[];
  onChanged: (conversation: Conversation) => void;
}

export function ConversationView({ me, conversation, messages, onChanged }: Props) {
  const { t, time } = useI18n();
  const [internal, setInternal] = useState(false);
  const [body, setBody] = useState('');
  const [error, setError] = useState('');
  const [others, setOthers] = useState<Conversation[]>([]);
  const logRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    api.customer(conversation.customer.id).then(
      (c) => setOthers(c.conversations.filter((o) => o.id !== conversation.id)),
      () => setOthers([]),
    );
  }, [conversation.customer.id, conversation.id]);

  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages.length]);

  async function act(action: () => Promise<Conversation>) {
    setError('');
    try {
      onChanged(await action());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    setError('');
    try {
      await api.reply(conversation.id, body, internal);
      setBody('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const describeEvent = (m: Message): string => {
    const name = m.author?.displayName ?? t('audit.system');
    if (m.event?.type === 'status_changed') return t('event.status_changed', { name, status: t(`status.${String(m.event.to)}` as MessageKey) });
    if (m.event?.type === 'assigned') {
      return m.event.assigneeName ? t('event.assigned', { name, assignee: String(m.event.assigneeName) }) : t('event.unassigned', { name });
    }
    return String(m.event?.type ?? '');
  };

  const who = customerName(conversation, t);
  const mine = conversation.assignee?.id === me.account.id;
  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header>
        <h2 id="conversation-title">{t('conversation.title', { customer: who })}</h2>
        <p className="meta">
          {t('conversation.meta', {
            channel: t(`channel.${conversation.channel}` as MessageKey),
            language: t(`lang.${conversation.language}`),
            status: t(`status.${conversation.status}`),
          })}{' '}
          · {conversation.assignee ? t('conversation.assignedTo', { name: conversation.assignee.displayName }) : t('conversation.unassigned')}
        </p>
        <div className="actions">
          {!mine && <button type="button" onClick={() => void act(() => api.claim(conversation.id, true))}>{t('conversation.claim')}</button>}
          {conversation.status !== 'resolved' ? (
            <>
              {conversation.status !== 'pending' && (
                <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'pending'))}>{t('conversation.pending')}</button>
              )}
              <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'resolved'))}>{t('conversation.resolve')}</button>
            </>
          ) : (
            <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'open'))}>{t('conversation.reopen')}</button>
          )}
        </div>
      </header>
      <h3 className="visually-hidden">{t('conversation.timeline')}</h3>
      <ol className="timeline" ref={logRef} aria-live="polite">
        {messages.map((m) =>
          m.kind === 'event' ? (
            <li key={m.seq} className="event">{describeEvent(m)} · <time dateTime={m.createdAt}>{time(m.createdAt)}</time></li>
          ) : (
            <li key={m.seq} className={`message ${m.kind}`}>
              <span className="meta">
                {m.kind === 'note'
                  ? t('message.note', { name: m.author?.displayName ?? '' })
                  : t('message.said', { who: m.kind === 'customer' ? who : (m.author?.displayName ?? ''), time: time(m.createdAt) })}
              </span>
              <p>{m.body}</p>
            </li>
          ),
        )}
      </ol>
      {error && <p role="alert" className="error">{error}</p>}
      <form className={internal ? 'reply internal' : 'reply'} onSubmit={(e) => void send(e)}>
        <label className="switch">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          {t('reply.internal')}
        </label>
        <label htmlFor="reply-body">{internal ? t('reply.noteLabel') : t('reply.label')}</label>
        <textarea id="reply-body" rows={4} maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
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
