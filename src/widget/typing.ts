// Tells the library's staff while the customer types: a `typing` frame on the first key and
// again at most every THROTTLE_MS while typing goes on, and `typing: false` after IDLE_MS
// without a key or when the message is sent (the server also forgets it by itself).
import type { CustomerTypingClientFrame } from '../contract/frames.js';

export const THROTTLE_MS = 3000;
export const IDLE_MS = 5000;

export class TypingSignal {
  readonly #send: (frame: CustomerTypingClientFrame) => void;
  #lastSent = 0;
  #typing = false;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(send: (frame: CustomerTypingClientFrame) => void) {
    this.#send = send;
  }

  /** A key was typed in the message field. */
  input(now = Date.now()): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.stop(), IDLE_MS);
    if (this.#typing && now - this.#lastSent < THROTTLE_MS) return;
    this.#typing = true;
    this.#lastSent = now;
    this.#send({ type: 'typing' });
  }

  /** Sent, idle or gone: says it stopped (once). */
  stop(): void {
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    if (!this.#typing) return;
    this.#typing = false;
    this.#send({ type: 'typing', typing: false });
  }
}
