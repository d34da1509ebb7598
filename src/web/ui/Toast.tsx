// Short feedback after an action ("Role changed"), one at a time: a new one replaces the last,
// so nothing stale stays on screen. Success and information go to a polite status region and
// hide after a while (the timer pauses while the pointer or focus is on the toast); an error
// goes to an assertive region and stays until hidden or replaced. The regions are always in the
// page, so screen readers announce what appears in them.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { useI18n } from '../i18n.js';
import { Button } from './Button.js';

export type ToastTone = 'success' | 'info' | 'error';
export interface ToastMessage {
  tone: ToastTone;
  text: ReactNode;
}
interface Shown extends ToastMessage {
  id: number;
}

export interface Toasts {
  show: (toast: ToastMessage) => void;
  success: (text: ReactNode) => void;
  error: (text: ReactNode) => void;
  clear: () => void;
}

const ToastContext = createContext<Toasts>({
  show: () => undefined,
  success: () => undefined,
  error: () => undefined,
  clear: () => undefined,
});
export const useToast = (): Toasts => useContext(ToastContext);

/** How long a success or information toast stays (ms). */
export const TOAST_TIMEOUT = 6000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [shown, setShown] = useState<Shown | null>(null);
  const next = useRef(0);
  const [paused, setPaused] = useState(false);
  const show = useCallback((toast: ToastMessage) => setShown({ ...toast, id: (next.current += 1) }), []);
  const toasts = useMemo<Toasts>(
    () => ({
      show,
      success: (text) => show({ tone: 'success', text }),
      error: (text) => show({ tone: 'error', text }),
      clear: () => setShown(null),
    }),
    [show],
  );
  useEffect(() => {
    if (!shown || shown.tone === 'error' || paused) return;
    const timer = window.setTimeout(() => setShown((current) => (current?.id === shown.id ? null : current)), TOAST_TIMEOUT);
    return () => window.clearTimeout(timer);
  }, [shown, paused]);

  const Icon = shown?.tone === 'error' ? CircleAlert : shown?.tone === 'success' ? CircleCheck : Info;
  const body = (tone: 'polite' | 'alert') =>
    shown && (shown.tone === 'error') === (tone === 'alert') ? (
      <div
        className={`toast tone-${shown.tone}`}
        key={shown.id}
        onPointerEnter={() => setPaused(true)}
        onPointerLeave={() => setPaused(false)}
        onFocus={() => setPaused(true)}
        onBlur={() => setPaused(false)}
      >
        <Icon aria-hidden="true" size={20} />
        <p className="toast-text">{shown.text}</p>
        <Button variant="quiet" icon={X} hideLabel onPress={() => setShown(null)}>
          {t('shell.dismiss')}
        </Button>
      </div>
    ) : null;
  return (
    <ToastContext.Provider value={toasts}>
      {children}
      <div className="toast-region">
        {/* An empty role="alert" would be an alert in the page: errors use a plain assertive region. */}
        <div role="status" className="toast-slot">
          {body('polite')}
        </div>
        <div aria-live="assertive" className="toast-slot">
          {body('alert')}
        </div>
      </div>
    </ToastContext.Provider>
  );
}
