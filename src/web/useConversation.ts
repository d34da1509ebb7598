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
  /** Merges live or replayed messages; those below the shown pages wait for "show earlier". */
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
  // Of the loaded conversation, messages with seq > loadedAfter are on screen; 0 = all of them.
  const [shown, setShown] = useState<{ conversationId: string | null; loadedAfter: number }>({ conversationId: null, loadedAfter: 0 });
  const [error, setError] = useState<unknown>(null);
  const shownRef = useRef(shown);
  shownRef.current = shown;

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
      setShown({ conversationId: selectedId, loadedAfter: window.after });
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

  const addMessages = useCallback((incoming: Message[]) => {
    const { conversationId, loadedAfter } = shownRef.current;
    // A replay from seq 0 must not fill the gap above "show earlier" (the list would have a hole).
    const fresh = incoming.filter((m) => m.conversationId !== conversationId || m.seq > loadedAfter);
    if (fresh.length > 0) setMessages((list) => mergeMessages(list, fresh));
  }, []);

  const loadEarlier = useCallback(async () => {
    const { conversationId, loadedAfter } = shownRef.current;
    const window = earlierWindow(loadedAfter);
    if (!conversationId || conversationId !== selectedId || !window) return 0;
    const page = await api.messages(conversationId, window.after, window.limit);
    // Another conversation (or another page) was shown meanwhile: this page is not for it.
    if (shownRef.current.conversationId !== conversationId || shownRef.current.loadedAfter !== loadedAfter) return 0;
    const earlier = page.items.filter((m) => m.seq <= loadedAfter);
    setMessages((list) => mergeMessages(list, earlier));
    setShown({ conversationId, loadedAfter: window.after });
    return earlier.length;
  }, [selectedId]);

  return { current, setCurrent, messages, addMessages, hasEarlier: shown.conversationId === selectedId && shown.loadedAfter > 0, loadEarlier, error };
}
