// The open conversation and the part of its timeline on screen: the newest page first, then
// earlier pages on request, with live messages merged in by App.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Conversation, type Message } from './api.js';
import { earlierWindow, newestWindow } from './history.js';
import { mergeMessages } from './timeline.js';

export interface OpenConversation {
  current: Conversation | null;
  setCurrent: (conversation: Conversation) => void;
  messages: Message[];
  /** Merges live messages of the open conversation. */
  addMessages: (incoming: Message[]) => void;
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
  // Messages with seq > loadedAfter are on screen; 0 means the whole history is.
  const [loadedAfter, setLoadedAfter] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const loadedAfterRef = useRef(loadedAfter);
  loadedAfterRef.current = loadedAfter;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  useEffect(() => {
    setError(null);
    if (!selectedId) {
      setCurrent(null);
      return;
    }
    let stale = false;
    (async () => {
      const conversation = await api.conversation(selectedId);
      const window = newestWindow(conversation.lastSeq);
      const page = await api.messages(selectedId, window.after, window.limit);
      if (stale) return;
      setCurrent(conversation);
      setLoadedAfter(window.after);
      // Keep live messages of this conversation that arrived while the page was loading.
      setMessages((list) => mergeMessages(list.filter((m) => m.conversationId === selectedId), page.items));
    })().catch((e: unknown) => {
      if (stale) return;
      setCurrent(null);
      setError(e);
    });
    return () => {
      stale = true;
    };
  }, [selectedId]);

  const addMessages = useCallback((incoming: Message[]) => setMessages((list) => mergeMessages(list, incoming)), []);

  const loadEarlier = useCallback(async () => {
    const window = earlierWindow(loadedAfterRef.current);
    if (!selectedId || !window) return 0;
    const page = await api.messages(selectedId, window.after, window.limit);
    // Another conversation was opened meanwhile: this page is not for it.
    if (selectedRef.current !== selectedId) return 0;
    const earlier = page.items.filter((m) => m.seq <= loadedAfterRef.current);
    setMessages((list) => mergeMessages(list, earlier));
    setLoadedAfter(window.after);
    return earlier.length;
  }, [selectedId]);

  return { current, setCurrent, messages, addMessages, hasEarlier: loadedAfter > 0, loadEarlier, error };
}
