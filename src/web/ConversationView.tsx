// One conversation: its timeline, the reply box with the internal-note switch,
// claim/resolve/reopen, and the customer's other conversations across channels.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Conversation, type Me, type Message } from './api.js';
import { ClaimControl } from './ClaimControl.js';
import { errorText } from './errors.js';
import { useI18n, type MessageKey } from './i18n.js';
import { customerName } from './Inbox.js';
import { Timeline } from './Timeline.js';
import { ApiError } from './api.js';
import { useAnswers } from './answers/useAnswers.js';
import { ConversationTags } from './Tags.js';
import { PageLink } from './PageLink.js';
import { EmailHeader } from './email/EmailHeader.js';
import { describeReplyFate } from './reply-fate.js';
import { SatisfactionRating } from './SatisfactionRating.js';
import { useWritingSignal } from './activity.js';
import { Collaborators, ReplyAnywayDialog } from './Collaborators.js';
import { MergeDialog } from './MergeDialog.js';
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
  const answers = useAnswers({ me, conversation, body, setBody, textarea: replyRef });
  // Bumped when resolving needs a topic tag: the tag list opens and asks for one.
  const [askTags, setAskTags] = useState(0);
  const writing = useWritingSignal(conversation.id);
  // Replying to a colleague's conversation asks first; the colleague it was confirmed for.
  const [askReply, setAskReply] = useState(false);
  const confirmedFor = useRef<string | null>(null);
  // A status button replaced by another (Resolve → Reopen and back, Pending gone): the keyboard
  // moves to the one that took its place instead of falling to the page.
  const focusAfterStatus = useRef<'resolve' | 'reopen' | null>(null);
  const resolveRef = useRef<HTMLButtonElement>(null);
  const reopenRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const target =
      focusAfterStatus.current === 'resolve' ? resolveRef.current : focusAfterStatus.current === 'reopen' ? reopenRef.current : null;
    if (!target) return;
    focusAfterStatus.current = null;
    target.focus();
  });

  useEffect(() => {
    api.customer(conversation.customer.id).then(
      (c) => setOthers(c.conversations.filter((o) => o.id !== conversation.id)),
      () => setOthers([]),
    );
  }, [conversation.customer.id, conversation.id]);

  async function act(action: () => Promise<Conversation>, focusAfter: 'resolve' | 'reopen') {
    setError('');
    try {
      const changed = await action();
      focusAfterStatus.current = focusAfter;
      onChanged(changed);
    } catch (e) {
      setError(errorText(e, t));
      if (e instanceof ApiError && e.details.reason === 'tag_required') setAskTags((n) => n + 1);
    }
  }

  async function send(event: FormEvent | null) {
    event?.preventDefault();
    if (!body.trim()) return;
    const holder = conversation.assignee;
    if (!internal && holder && holder.id !== me.account.id && confirmedFor.current !== holder.id) {
      setAskReply(true);
      return;
    }
    writing.stop();
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
  const fate = describeReplyFate(conversation, t);
  const merged = conversation.mergedIntoId;
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
        <PageLink page={conversation.page} />
        {conversation.channel === 'email' && <EmailHeader conversation={conversation} />}
        {merged ? (
          <p className="merged-banner">
            {t('collab.mergedBanner')} <a href={`#/c/${merged}`}>{t('collab.mergedLink')}</a>
          </p>
        ) : (
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
                  <button type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'pending'), 'resolve')}>
                    {t('conversation.pending')}
                  </button>
                )}
                <button ref={resolveRef} type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'resolved'), 'reopen')}>
                  {t('conversation.resolve')}
                </button>
              </>
            ) : (
              <button ref={reopenRef} type="button" onClick={() => void act(() => api.setStatus(conversation.id, 'open'), 'resolve')}>
                {t('conversation.reopen')}
              </button>
            )}
            <MergeDialog conversation={conversation} others={others} onMerged={(target) => (location.hash = `#/c/${target.id}`)} />
          </div>
        )}
        <Collaborators conversationId={conversation.id} meId={me.account.id} customer={who} />
        <ConversationTags conversation={conversation} onChanged={onChanged} askSignal={askTags} />
      </header>
      <SatisfactionRating me={me} conversation={conversation} />
      <Timeline
        messages={messages}
        customer={who}
        channel={conversation.channel}
        hasEarlier={hasEarlier}
        onLoadEarlier={onLoadEarlier}
        customerLeft={conversation.customerLeftAt !== null}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!merged && (
        <form className={internal ? 'reply internal' : 'reply'} onSubmit={(e) => void send(e)}>
          <label className="switch">
            <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
            {t('reply.internal')}
          </label>
          <label htmlFor="reply-body">{internal ? t('reply.noteLabel') : t('reply.label')}</label>
          <textarea
            ref={replyRef}
            id="reply-body"
            rows={4}
            maxLength={5000}
            value={body}
            aria-describedby={fate && !internal ? 'reply-answers-help reply-fate' : 'reply-answers-help'}
            onKeyDown={answers.onKeyDown}
            onChange={(e) => {
              setBody(e.target.value);
              if (e.target.value) writing.input(internal ? 'note' : 'reply');
              else writing.stop();
            }}
          />
          <p id="reply-answers-help" className="meta">
            {t('replies.replyHelp')}
          </p>
          {fate && !internal && (
            <p id="reply-fate" className="meta reply-fate">
              {fate}
            </p>
          )}
          {answers.controls}
          <button type="submit">{internal ? t('reply.saveNote') : t('reply.send')}</button>
        </form>
      )}
      <ReplyAnywayDialog
        holder={askReply && conversation.assignee ? conversation.assignee.displayName : null}
        onReply={() => {
          confirmedFor.current = conversation.assignee?.id ?? null;
          setAskReply(false);
          void send(null);
        }}
        onCancel={() => {
          setAskReply(false);
          replyRef.current?.focus();
        }}
      />
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
