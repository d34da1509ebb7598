// Alerts for a staff member who is on another screen or in another tab: a new conversation in
// the library, or one a colleague gave to them. Each is announced to screen readers and counted
// in the document title until seen (the inbox on screen in a visible tab); a sound and a
// desktop notification are extras the person turns on, per device. A desktop notification
// never shows what the customer wrote, nor their name, unless the person allows it: shared
// desk computers show notifications to whoever stands there.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Conversation, Message } from './api.js';
import { customerName } from './Inbox.js';
import type { I18n } from './i18n.js';
import type { LiveEvent } from './realtime.js';
import { messagePreview } from './timeline.js';

export interface AlertPreferences {
  /** A short beep (Web Audio, no file to download). */
  sound: boolean;
  /** Desktop notifications (the browser asks for permission when turned on). */
  desktop: boolean;
  /** The customer's name and message text in desktop notifications. */
  showText: boolean;
}

export const defaultPreferences: AlertPreferences = { sound: false, desktop: false, showText: false };
const STORAGE_KEY = 'kanava-staff-alerts';

export function loadPreferences(): AlertPreferences {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<Record<keyof AlertPreferences, unknown>>;
    return {
      sound: saved.sound === true,
      desktop: saved.desktop === true,
      showText: saved.showText === true,
    };
  } catch {
    return { ...defaultPreferences };
  }
}

export function savePreferences(preferences: AlertPreferences): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences));
}

/** Something worth an alert, found in a live event. */
export type Alert =
  | { kind: 'new'; conversationId: string; conversation: Conversation; text: string }
  | { kind: 'assigned'; conversationId: string; by: string };

/**
 * Finds alerts in the live events. A conversation opens empty (its frame has lastSeq 0) and its
 * first message follows: the alert waits for that message, so it can carry the text; `flush`
 * gives the alert without it if none came. Each conversation and assignment is alerted once.
 */
export class AlertDetector {
  readonly #pending = new Map<string, Conversation>();
  readonly #alerted = new Set<string>();
  constructor(private readonly myId: string) {}

  detect(event: LiveEvent): Alert | null {
    if (event.type === 'conversation') {
      const c = event.conversation;
      if (c.lastSeq === 0 && !this.#alerted.has(`new:${c.id}`)) this.#pending.set(c.id, c);
      return null;
    }
    if (event.type !== 'message') return null;
    const message = event.message;
    const pending = this.#pending.get(message.conversationId);
    if (pending && message.kind === 'customer') return this.#new(pending, message.body);
    return this.#assignedToMe(message);
  }

  /** The alert of a conversation that opened without its first message (yet). */
  flush(conversationId: string): Alert | null {
    const pending = this.#pending.get(conversationId);
    return pending ? this.#new(pending, '') : null;
  }

  #new(conversation: Conversation, text: string): Alert | null {
    this.#pending.delete(conversation.id);
    this.#alerted.add(`new:${conversation.id}`);
    // Someone else's already (opened for a colleague): not for everyone.
    if (conversation.assignee && conversation.assignee.id !== this.myId) return null;
    return { kind: 'new', conversationId: conversation.id, conversation, text };
  }

  #assignedToMe(message: Message): Alert | null {
    const event = message.event;
    if (message.kind !== 'event' || event?.type !== 'assigned' || event.assigneeId !== this.myId) return null;
    // Taken by the person themselves: nothing to tell them.
    if (!message.author || message.author.id === this.myId) return null;
    const key = `assigned:${message.id}`;
    if (this.#alerted.has(key)) return null;
    this.#alerted.add(key);
    return { kind: 'assigned', conversationId: message.conversationId, by: message.author.displayName };
  }
}

/** A short two-tone beep through Web Audio; the context is made (and resumed) on first use. */
let audio: AudioContext | null = null;
export function beep(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const now = audio.currentTime;
    const gain = audio.createGain();
    gain.connect(audio.destination);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.2, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.35);
    for (const [frequency, start] of [
      [880, 0],
      [1175, 0.12],
    ] as const) {
      const tone = audio.createOscillator();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(now + start);
      tone.stop(now + start + 0.2);
    }
  } catch {
    // No audio on this device: the other alerts still tell.
  }
}

export const notificationsSupported = (): boolean => typeof Notification !== 'undefined';

/** The words of an alert: a sentence for screen readers, and a desktop notification's title and body. */
export function describeAlert(
  alert: Alert,
  conversation: Conversation | undefined,
  t: I18n['t'],
  showText: boolean,
): { announcement: string; title: string; body: string } {
  const customer = conversation ? customerName(conversation, t) : t('customer.anonymous');
  const preview = messagePreview(alert.kind === 'new' ? alert.text : (conversation?.lastMessagePreview ?? ''));
  const where = conversation ? `${t(`channel.${conversation.channel}`)} · ${t(`lang.${conversation.language}`)}` : '';
  if (alert.kind === 'new') {
    return {
      announcement: t('shell.alerts.newAnnouncement', { channel: where }, { customer }),
      title: t('shell.alerts.newTitle'),
      body: showText ? t('shell.alerts.withText', {}, { customer, text: preview }) : where,
    };
  }
  return {
    announcement: t('shell.alerts.assignedAnnouncement', {}, { name: alert.by, customer }),
    title: t('shell.alerts.assignedTitle', {}, { name: alert.by }),
    body: showText ? t('shell.alerts.withText', {}, { customer, text: preview }) : where,
  };
}

/** Whether the tab is in view (not a background tab, not a minimised window). */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

interface UseAlertsOptions {
  myId: string;
  /** The inbox (or a conversation in it) is the screen shown. */
  onInbox: boolean;
  t: I18n['t'];
  /** Says a sentence through the app's polite live region. */
  announce: (text: string) => void;
  /** The conversations the app knows, to name the customer. */
  conversationOf: (id: string) => Conversation | undefined;
  /** Opens a conversation (a notification was clicked). */
  open: (id: string) => void;
}

/** The alert machinery of the workspace: feed it live events; it keeps the unseen count. */
export function useAlerts({ myId, onInbox, t, announce, conversationOf, open }: UseAlertsOptions) {
  const [preferences, setPreferencesState] = useState<AlertPreferences>(loadPreferences);
  const [unseen, setUnseen] = useState<ReadonlySet<string>>(new Set());
  const visible = usePageVisible();
  const seen = onInbox && visible;
  const detector = useRef<AlertDetector | null>(null);
  detector.current ??= new AlertDetector(myId);
  const latest = useRef({ preferences, seen, t, announce, conversationOf, open });
  latest.current = { preferences, seen, t, announce, conversationOf, open };

  useEffect(() => {
    if (seen) setUnseen((current) => (current.size === 0 ? current : new Set()));
  }, [seen]);

  const setPreferences = useCallback((next: AlertPreferences) => {
    savePreferences(next);
    setPreferencesState(next);
  }, []);

  const raise = useCallback((alert: Alert | null | undefined) => {
    if (!alert) return;
    const s = latest.current;
    const conversation = alert.kind === 'new' ? alert.conversation : s.conversationOf(alert.conversationId);
    const words = describeAlert(alert, conversation, s.t, s.preferences.showText);
    s.announce(words.announcement);
    if (!s.seen) setUnseen((current) => new Set(current).add(alert.conversationId));
    if (s.preferences.sound) beep();
    if (s.preferences.desktop && !s.seen && notificationsSupported() && Notification.permission === 'granted') {
      try {
        // The tag: several tabs of the same person show one notification per conversation.
        const notification = new Notification(words.title, { body: words.body, tag: `${alert.kind}:${alert.conversationId}` });
        notification.onclick = () => {
          window.focus();
          latest.current.open(alert.conversationId);
          notification.close();
        };
      } catch {
        // (Some browsers allow notifications only from a service worker.)
      }
    }
  }, []);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      raise(detector.current?.detect(event));
      // A conversation opened without its first message: told without it after a moment.
      if (event.type === 'conversation' && event.conversation.lastSeq === 0) {
        const id = event.conversation.id;
        window.setTimeout(() => raise(detector.current?.flush(id)), 3000);
      }
    },
    [raise],
  );

  return { preferences, setPreferences, unseenCount: unseen.size, onEvent };
}
