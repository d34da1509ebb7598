// The open conversation and the part of its timeline on screen: the newest page first, then
// earlier pages on request, with live messages and delivery changes merged in by App.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Conversation, type Delivery, type Message } from './api.js';
import { NEWEST, pageBefore, showPage } from './history.js';
import { applyDelivery, mergeMessages, newerDelivery } from './timeline.js';

export interface OpenConversation {
  /** The selected conversation once loaded; null while another one's data could still show. */
  current: Conversation | null;
  /** A newer state of the conversation; ignored unless it is the selected one (an answer may come late). */
  setCurrent: (conversation: Conversation) => void;
  /** The selected conversation's messages only: the timeline orders them by seq, which is per conversation. */
  messages: Message[];
  /**
   * Merges live or replayed messages of the selected conversation (others are dropped); those
   * below the shown pages wait for "show earlier".
   */
  addMessages: (incoming: Message[]) => void;
  /** A reply's delivery changed (a `delivery` frame); ignored for other conversations. */
  updateDelivery: (conversationId: string, messageId: string, delivery: Delivery) => void;
  /** Whether messages older than the shown ones exist. */
  hasEarlier: boolean;
  /** Loads the page before the shown messages; resolves to how many arrived. */
  loadEarlier: () => Promise<number>;
  /** Why the conversation could not be opened, or null. */
  error: unknown;
}

export function useConversation(selectedId: string | null): OpenConversation {
  const [current, setCurrent] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  // Of the loaded conversation, messages with seq >= shownFrom are on screen; 0 = all of them.
  const [shown, setShown] = useState<{ conversationId: string | null; shownFrom: number }>({ conversationId: null, shownFrom: 0 });
  const [error, setError] = useState<unknown>(null);
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  // Delivery changes of the selected conversation's replies, also of those not on screen yet:
  // a page fetched before a change may arrive after its frame and must not undo it.
  const deliveries = useRef(new Map<string, Delivery>());

  const withKnownDeliveries = useCallback(
    (items: Message[]) =>
      items.map((m) => {
        const known = deliveries.current.get(m.id);
        return known && newerDelivery(m.delivery, known) !== m.delivery ? { ...m, delivery: known } : m;
      }),
    [],
  );

  useEffect(() => {
    // Nothing of the previous conversation stays while this one loads: its timeline would pass
    // for this one's (and say it is the beginning), and seqs of the two would mix.
    setError(null);
    setCurrent(null);
    setMessages([]);
    setShown({ conversationId: null, shownFrom: 0 });
    deliveries.current = new Map();
    if (!selectedId) return;
    let stale = false;
    (async () => {
      const request = pageBefore(NEWEST);
      const [conversation, page] = await Promise.all([
        api.conversation(selectedId),
        api.messagesBefore(selectedId, request.before, request.limit),
      ]);
      if (stale) return;
      const newest = showPage(page.items);
      setCurrent(conversation);
      setShown({ conversationId: selectedId, shownFrom: newest.shownFrom });
      // Keep live messages of this conversation that arrived while the page was loading.
      setMessages((list) =>
        mergeMessages(
          list.filter((m) => m.conversationId === selectedId),
          withKnownDeliveries(newest.items),
        ),
      );
    })().catch((e: unknown) => {
      if (stale) return;
      setCurrent(null);
      setError(e);
    });
    return () => {
      stale = true;
    };
  }, [selectedId, withKnownDeliveries]);

  const addMessages = useCallback(
    (incoming: Message[]) => {
      const selected = selectedRef.current;
      const { conversationId, shownFrom } = shownRef.current;
      // Only the selected conversation's (a reply to the one left may finish after the switch),
      // and a replay from seq 0 must not fill the gap above "show earlier" (the list would have a hole).
      const fresh = incoming.filter((m) => m.conversationId === selected && (m.conversationId !== conversationId || m.seq >= shownFrom));
      if (fresh.length > 0) setMessages((list) => mergeMessages(list, withKnownDeliveries(fresh)));
    },
    [withKnownDeliveries],
  );

  const setSelectedCurrent = useCallback((conversation: Conversation) => {
    if (conversation.id === selectedRef.current) setCurrent(conversation);
  }, []);

  const updateDelivery = useCallback((conversationId: string, messageId: string, delivery: Delivery) => {
    if (conversationId !== selectedRef.current) return;
    const known = newerDelivery(deliveries.current.get(messageId) ?? null, delivery);
    if (known) deliveries.current.set(messageId, known);
    setMessages((list) => applyDelivery(list, messageId, delivery));
  }, []);

  const loadEarlier = useCallback(async () => {
    const { conversationId, shownFrom } = shownRef.current;
    if (!conversationId || conversationId !== selectedId || shownFrom <= 0) return 0;
    const request = pageBefore(shownFrom);
    const page = await api.messagesBefore(conversationId, request.before, request.limit);
    // Another conversation (or another page) was shown meanwhile: this page is not for it.
    if (shownRef.current.conversationId !== conversationId || shownRef.current.shownFrom !== shownFrom) return 0;
    const earlier = showPage(page.items);
    setMessages((list) => mergeMessages(list, withKnownDeliveries(earlier.items)));
    setShown({ conversationId, shownFrom: earlier.shownFrom });
    return earlier.items.length;
  }, [selectedId, withKnownDeliveries]);

  return {
    // Until the effect above has reset it, `current` may still be the previous selection's.
    current: current?.id === selectedId ? current : null,
    setCurrent: setSelectedCurrent,
    messages,
    addMessages,
    updateDelivery,
    hasEarlier: shown.conversationId === selectedId && shown.shownFrom > 0,
    loadEarlier,
    error,
  };
}
