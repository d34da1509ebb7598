// A conversation's messages, notes and events, newest at the bottom, with a button that
// adds earlier pages above without moving what the reader is looking at. Each staff reply
// says in words how far it got to the customer.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api, type Message } from './api.js';
import { errorText } from './errors.js';
import { canRetry, describeDelivery } from './delivery.js';
import { describeEvent } from './events.js';
import { useI18n } from './i18n.js';
import { EmailMessage } from './email/EmailMessage.js';
import { Attachments } from './email/Attachments.js';

// How close to the bottom (px) still counts as reading the newest messages: a new one then
// scrolls into view. Further up, the reader is on earlier messages and stays there.
const NEAR_BOTTOM_PX = 48;

interface Props {
  messages: Message[];
  /** The customer's name as the timeline shows it. */
  customer: string;
  /** The conversation's channel: what a waiting reply means depends on it. */
  channel: string;
  hasEarlier: boolean;
  onLoadEarlier: () => Promise<number>;
  /** The chat customer ended the chat: replies still waiting will not reach them. */
  customerLeft?: boolean;
}

export function Timeline({ messages, customer, channel, hasEarlier, onLoadEarlier, customerLeft = false }: Props) {
  const { t, tx, time, language } = useI18n();
  const listRef = useRef<HTMLOListElement>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  // Distance from the list's bottom edge to its scroll position before earlier messages
  // were added above; restoring it keeps the same messages in view.
  const keepFromBottom = useRef<number | null>(null);
  // Set while an earlier page loads from the button, so focus can follow when the button goes.
  const loadingFromButton = useRef(false);
  // Whether the list was scrolled to (near) its bottom before the latest change; true at first.
  const atBottom = useRef(true);
  const firstSeq = messages[0]?.seq;
  const lastSeq = messages.at(-1)?.seq;

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && keepFromBottom.current !== null) list.scrollTop = list.scrollHeight - keepFromBottom.current;
    keepFromBottom.current = null;
  }, [firstSeq]);

  useLayoutEffect(() => {
    const list = listRef.current;
    if (list && atBottom.current) list.scrollTop = list.scrollHeight;
  }, [lastSeq]);

  /** Staff's "Try again" on a failed reply; the delivery frame then shows it queued and sent. */
  async function retry(message: Message) {
    setError('');
    try {
      await api.retryDelivery(message.conversationId, message.id);
      setStatus(t('delivery.retryQueued'));
    } catch (caught) {
      setError(errorText(caught, t));
    }
  }

  function onScroll() {
    const list = listRef.current;
    if (list) atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight <= NEAR_BOTTOM_PX;
  }

  useEffect(() => {
    // The button disappears with the last earlier page: focus the list it was part of,
    // instead of letting it fall to the page's start.
    if (!busy && loadingFromButton.current) {
      loadingFromButton.current = false;
      if (!hasEarlier) listRef.current?.focus();
    }
  }, [busy, hasEarlier]);

  async function showEarlier() {
    // Not `disabled` while loading: disabling the focused button would drop keyboard focus.
    if (busy) return;
    const list = listRef.current;
    keepFromBottom.current = list ? list.scrollHeight - list.scrollTop : null;
    loadingFromButton.current = true;
    setBusy(true);
    setError('');
    // Emptied first: the next page may bring the same sentence, which would not be read out again.
    setStatus('');
    try {
      const count = await onLoadEarlier();
      if (count === 0) keepFromBottom.current = null;
      setStatus(t('conversation.earlierLoaded', { count }));
    } catch (e) {
      keepFromBottom.current = null;
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="timeline-area">
      <h3 id="timeline-title" className="visually-hidden">
        {t('conversation.timeline')}
      </h3>
      {hasEarlier ? (
        <button type="button" className="secondary" aria-disabled={busy} onClick={() => void showEarlier()}>
          {busy ? t('common.loading') : t('conversation.showEarlier')}
        </button>
      ) : (
        <p className="meta">{t('conversation.beginning')}</p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p role="status" className="visually-hidden">
        {status}
      </p>
      {/* Focusable because it scrolls (keyboard users scroll it with the arrow keys). */}
      <ol className="timeline" ref={listRef} tabIndex={0} aria-labelledby="timeline-title" aria-busy={busy} onScroll={onScroll}>
        {messages.map((m) =>
          m.kind === 'event' ? (
            <li key={m.seq} className="event">
              {describeEvent(m, tx, t('audit.system'), language)} · <time dateTime={m.createdAt}>{time(m.createdAt)}</time>
            </li>
          ) : (
            <li key={m.seq} className={`message ${m.kind}`}>
              {/* Names in <bdi> and the body with its own direction: neither can reorder the time. */}
              <span className="meta">
                {m.kind === 'note'
                  ? tx(
                      'message.note',
                      { time: <time dateTime={m.createdAt}>{time(m.createdAt)}</time> },
                      { name: m.author?.displayName ?? '' },
                    )
                  : tx(
                      'message.said',
                      { time: <time dateTime={m.createdAt}>{time(m.createdAt)}</time> },
                      { who: m.kind === 'customer' ? customer : (m.author?.displayName ?? '') },
                    )}
              </span>
              {/* A customer's email: new text first, the quoted history folded away. */}
              {channel === 'email' && m.kind === 'customer' ? <EmailMessage message={m} /> : <p dir="auto">{m.body}</p>}
              <Attachments conversationId={m.conversationId} attachments={m.attachments} />
              {m.delivery && (
                // A failure is marked by its words and a warning sign, not by colour alone.
                // (A div: the message's paragraph stays its only one, its text alone.)
                <div className={`delivery ${m.delivery.status}`}>
                  {m.delivery.status === 'failed' && <span aria-hidden="true">⚠ </span>}
                  <span id={`delivery-${m.id}`}>
                    {describeDelivery(m.delivery, channel, t, customerLeft, { time, receipt: m.kind === 'customer' })}
                  </span>
                  {canRetry(m.delivery, m.kind) && (
                    <>
                      {' '}
                      <button type="button" className="secondary" aria-describedby={`delivery-${m.id}`} onClick={() => void retry(m)}>
                        {t('delivery.retry')}
                      </button>
                    </>
                  )}
                </div>
              )}
            </li>
          ),
        )}
      </ol>
    </div>
  );
}
