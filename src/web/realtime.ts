// The staff app's live connection: reconnects with backoff, and after every (re)connect
// lets the app refetch and resubscribe so nothing sent meanwhile is missed.
import type { Conversation, Message } from './api.js';

export type LiveEvent =
  | { type: 'ready' }
  | { type: 'message'; message: Message }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'subscribed'; conversationId: string };

export interface LiveConnection {
  send(frame: unknown): void;
  close(): void;
}

export function connectLive(onEvent: (event: LiveEvent) => void, onStatus: (connected: boolean) => void): LiveConnection {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let closed = false;
  let timer: number | undefined;

  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/ws`;
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
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      onStatus(false);
      if (closed) return;
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
      socket?.close();
    },
  };
}
