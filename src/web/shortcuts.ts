// Keyboard shortcuts: one registry that screens add to, one listener for the whole app, and
// the list the help dialog (`?`) shows in the person's language. A shortcut is one key or a
// sequence of two ("g i": g, then i within a second and a half). None fires while the person
// types in a field, while a dialog or menu is open, or with Ctrl, Alt or Meta held (the
// browser's and the screen reader's own keys stay theirs).
import { useEffect, useRef } from 'react';
import type { MessageKey, Values } from './i18n.js';

export interface Shortcut {
  id: string;
  /** The keys in order, as KeyboardEvent.key: ['g', 'i'], ['/'], ['?']. */
  keys: readonly string[];
  /** What it does, for the help dialog. */
  label: MessageKey;
  labelValues?: Values;
  /** The help dialog's group. */
  group: 'navigation' | 'inbox' | 'general';
  run: () => void;
}

const registry = new Map<string, Shortcut>();
const listeners = new Set<() => void>();
let snapshot: readonly Shortcut[] = [];
const changed = () => {
  snapshot = [...registry.values()];
  listeners.forEach((l) => l());
};

/** Adds (or replaces, by id) a shortcut; returns its removal. */
export function registerShortcut(shortcut: Shortcut): () => void {
  registry.set(shortcut.id, shortcut);
  changed();
  return () => {
    if (registry.get(shortcut.id) === shortcut) registry.delete(shortcut.id);
    changed();
  };
}

/** The shortcuts registered now (the same array until one comes or goes). */
export function listShortcuts(): readonly Shortcut[] {
  return snapshot;
}

/** Registers the shortcuts while the component is on screen; `run` may change between renders. */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  const signature = shortcuts.map((s) => `${s.id}:${s.keys.join(' ')}:${s.label}:${JSON.stringify(s.labelValues ?? {})}`).join('|');
  useEffect(() => {
    const removals = latest.current.map((s) =>
      registerShortcut({ ...s, run: () => latest.current.find((current) => current.id === s.id)?.run() }),
    );
    return () => removals.forEach((remove) => remove());
  }, [signature]);
}

/** Typing in a field (or in something that takes keys itself) is never a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  }
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** A dialog or a menu is open: its keys are its own. */
const overlayOpen = () => document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"], [role="listbox"]') !== null;

const SEQUENCE_MS = 1500;

/** The app's one keydown listener; install once, in the signed-in workspace. */
export function useShortcutListener(): void {
  useEffect(() => {
    let first: { key: string; at: number } | null = null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event.target) || overlayOpen()) {
        first = null;
        return;
      }
      // The character typed counts, not the keys held for it ('?' is Shift+/ or Shift++).
      const key1 = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const all = listShortcuts();
      if (first && Date.now() - first.at < SEQUENCE_MS) {
        const pair = all.find((s) => s.keys.length === 2 && s.keys[0] === first!.key && s.keys[1] === key1);
        first = null;
        if (pair) {
          event.preventDefault();
          pair.run();
          return;
        }
      }
      if (all.some((s) => s.keys.length === 2 && s.keys[0] === key1)) {
        first = { key: key1, at: Date.now() };
        return;
      }
      const single = all.find((s) => s.keys.length === 1 && s.keys[0] === key1);
      if (single) {
        event.preventDefault();
        single.run();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** For useSyncExternalStore with listShortcuts: told when shortcuts come and go. */
export function subscribeShortcuts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
