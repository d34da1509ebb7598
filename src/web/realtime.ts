// The staff app's live connection: reconnects with backoff, and after every (re)connect
// lets the app refetch and resubscribe so nothing sent meanwhile is missed. The frames are
// the server's own type, so the two cannot drift apart.
import { CLOSE_UNAUTHENTICATED, type StaffServerFrame } from '../contract/frames.js';
import type { Language } from '../contract/languages.js';

export type LiveEvent = StaffServerFrame;

export interface LiveConnection {
  send(frame: unknown): void;
  close(): void;
}

/** `language`: the app's, for the server's messages on this socket (error frames). */
export function connectLive(
  language: Language,
  onEvent: (event: LiveEvent) => void,
  onStatus: (connected: boolean) => void,
  onSignedOut?: () => void,
): LiveConnection {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  let timer: number | undefined;

  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/ws?lang=${language}`;
    const current = new WebSocket(url);
    socket = current;
    current.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as LiveEvent;
      if (frame.type === 'ready') {
        attempt = 0;
        onStatus(true);
      }
      onEvent(frame);
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      onStatus(false);
      if (closed) return;
      if (event.code === CLOSE_UNAUTHENTICATED) {
        closed = true;
        onSignedOut?.();
        return;
      }
      const delay = Math.min(30_000, 500 * 2 ** attempt++) * (0.8 + Math.random() * 0.4);
      timer = window.setTimeout(open, delay);
    };
  };
  open();
  return {
    send(frame) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    },
    close() {
      closed = true;
      window.clearTimeout(timer);
      // Forgotten before closing, so its onclose reports nothing: closing on purpose (a
      // language switch opens the next one at once) is not a lost connection.
      const current = socket;
      socket = null;
      current?.close();
    },
  };
}
