// Who is in which conversation now, as the staff socket tells it (activity frames), and what
// this app tells the server about its own user: the conversation shown and whether a reply or
// a note is being written (throttled: at most every 3 s while writing, stopped after 5 s idle
// or on send). Ephemeral: a new socket starts empty and is told this app's state again.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { ConversationActivity, StaffActivityClientFrame, StaffServerFrame, StaffWriting } from '../contract/frames.js';

export const THROTTLE_MS = 3000;
export const IDLE_MS = 5000;
const EMPTY: ConversationActivity = { staff: [], customerTyping: false };

type Send = (frame: StaffActivityClientFrame) => void;

class ActivityStore {
  #states = new Map<string, ConversationActivity>();
  #listeners = new Set<() => void>();
  #send: Send | null = null;
  /** What this app last said (said again to every new socket). */
  #own: StaffActivityClientFrame = { type: 'activity', conversationId: null, writing: null };

  /** Called with every staff socket frame (App.tsx): keeps the states and the way to send. */
  handle(frame: StaffServerFrame, send: Send): void {
    this.#send = send;
    if (frame.type === 'ready') {
      this.#states.clear();
      this.#emit();
      if (this.#own.conversationId) send(this.#own);
    } else if (frame.type === 'activity') {
      const { conversationId, staff, customerTyping } = frame;
      if (staff.length === 0 && !customerTyping) this.#states.delete(conversationId);
      else this.#states.set(conversationId, { staff, customerTyping });
      this.#emit();
    }
  }

  report(conversationId: string | null, writing: StaffWriting): void {
    const next: StaffActivityClientFrame = { type: 'activity', conversationId, writing: conversationId ? writing : null };
    this.#own = next;
    this.#send?.(next);
  }

  get(conversationId: string): ConversationActivity {
    return this.#states.get(conversationId) ?? EMPTY;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

export const activity = new ActivityStore();

/** The conversation's activity, re-rendering when it changes. */
export function useActivity(conversationId: string): ConversationActivity {
  return useSyncExternalStore(activity.subscribe, () => activity.get(conversationId));
}

/**
 * Tells the server this conversation is shown while the component is mounted, and gives the
 * reply box its writing signal: `input(mode)` on every change of the text, `stop()` on send.
 */
export function useWritingSignal(conversationId: string): { input: (mode: 'reply' | 'note') => void; stop: () => void } {
  const state = useRef({ writing: null as StaffWriting, lastSent: 0, idle: undefined as number | undefined });
  useEffect(() => {
    activity.report(conversationId, null);
    const current = state.current;
    return () => {
      window.clearTimeout(current.idle);
      current.writing = null;
      activity.report(null, null);
    };
  }, [conversationId]);
  const stop = () => {
    const s = state.current;
    window.clearTimeout(s.idle);
    if (s.writing === null) return;
    s.writing = null;
    activity.report(conversationId, null);
  };
  const input = (mode: 'reply' | 'note') => {
    const s = state.current;
    window.clearTimeout(s.idle);
    s.idle = window.setTimeout(stop, IDLE_MS);
    const now = Date.now();
    if (s.writing === mode && now - s.lastSent < THROTTLE_MS) return;
    s.writing = mode;
    s.lastSent = now;
    activity.report(conversationId, mode);
  };
  return { input, stop };
}
