// Scoring of the chat benchmark, apart from the sockets so it can be tested on its own.
// Every figure is counted by message identity (client id) and, for deliveries, per
// (message, staff socket) pair: a message missing at one socket and repeated at another is
// one loss and one duplicate, never "all delivered" as a difference of totals would say.
import { percentile, round } from './lib/stats.js';

/** One sent message and what became of it. */
interface Sent {
  sender: number;
  sentAt: number;
  ackedAt: number | null;
  rejected: string | null;
  /** Per staff socket: copies received, and when the first one arrived (NaN: none yet). */
  copies: Uint16Array;
  firstAt: Float64Array;
}

/** The span the offered load was sent over; the delivered rate is measured over the same span. */
export interface Window {
  start: number;
  end: number;
}

export class ChatLedger {
  private readonly messages = new Map<string, Sent>();
  // Running counts used only to know when waiting can stop, never for the figures.
  private pendingPairs = 0;
  private pendingAcks = 0;
  private repeatedAcks = 0;
  private strayAcks = 0;
  private strayDeliveries = 0;

  constructor(readonly receivers: number) {}

  sent(id: string, sender: number, at: number): void {
    if (this.messages.has(id)) throw new Error(`client id ${id} sent twice`);
    this.messages.set(id, {
      sender,
      sentAt: at,
      ackedAt: null,
      rejected: null,
      copies: new Uint16Array(this.receivers),
      firstAt: new Float64Array(this.receivers).fill(Number.NaN),
    });
    this.pendingPairs += this.receivers;
    this.pendingAcks += 1;
  }

  /** An ack counts only on the socket that sent the message. */
  acked(id: string, socket: number, at: number): void {
    const message = this.messages.get(id);
    if (!message || message.sender !== socket) {
      this.strayAcks += 1;
      return;
    }
    if (message.ackedAt !== null) {
      this.repeatedAcks += 1;
      return;
    }
    message.ackedAt = at;
    if (message.rejected === null) this.pendingAcks -= 1;
  }

  /** An error frame naming the message: it will not be acknowledged. */
  rejected(id: string, socket: number, code: string): void {
    const message = this.messages.get(id);
    if (!message || message.sender !== socket || message.rejected !== null) return;
    message.rejected = code;
    if (message.ackedAt === null) this.pendingAcks -= 1;
  }

  received(receiver: number, id: string, at: number): void {
    const message = this.messages.get(id);
    if (!message || receiver < 0 || receiver >= this.receivers) {
      this.strayDeliveries += 1;
      return;
    }
    const copies = message.copies[receiver]!;
    // Saturates rather than wrapping: beyond 65,535 copies the count is already damning.
    if (copies < 0xffff) message.copies[receiver] = copies + 1;
    if (copies === 0) {
      message.firstAt[receiver] = at;
      this.pendingPairs -= 1;
    }
  }

  /** Every message answered (ack or error) and every pair delivered at least once. */
  settled(): boolean {
    return this.pendingPairs === 0 && this.pendingAcks === 0;
  }

  score(window: Window) {
    const seconds = (window.end - window.start) / 1000;
    const perReceiverInWindow = new Array<number>(this.receivers).fill(0);
    const latencies: number[] = [];
    const firstLatencies: number[] = [];
    const ackLatencies: number[] = [];
    const rejections: Record<string, number> = {};
    let sent = 0;
    let unacknowledged = 0;
    let lost = 0;
    let duplicated = 0;
    let extraCopies = 0;
    let messagesLost = 0;
    let messagesDuplicated = 0;
    let toEveryReceiverInWindow = 0;

    for (const message of this.messages.values()) {
      sent += 1;
      if (message.ackedAt === null) unacknowledged += 1;
      else ackLatencies.push(message.ackedAt - message.sentAt);
      if (message.rejected !== null) rejections[message.rejected] = (rejections[message.rejected] ?? 0) + 1;
      let missing = 0;
      let repeated = 0;
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < this.receivers; r += 1) {
        const copies = message.copies[r]!;
        if (copies === 0) {
          missing += 1;
          continue;
        }
        if (copies > 1) {
          repeated += 1;
          extraCopies += copies - 1;
        }
        const at = message.firstAt[r]!;
        latencies.push(at - message.sentAt);
        first = Math.min(first, at);
        last = Math.max(last, at);
        if (at <= window.end) perReceiverInWindow[r]! += 1;
      }
      lost += missing;
      duplicated += repeated;
      if (missing > 0) messagesLost += 1;
      if (repeated > 0) messagesDuplicated += 1;
      if (missing === 0 && last <= window.end) toEveryReceiverInWindow += 1;
      if (Number.isFinite(first)) firstLatencies.push(first - message.sentAt);
    }

    const sorted = (values: number[]) => values.sort((a, b) => a - b);
    const perSecond = (count: number) => (seconds > 0 ? count / seconds : Number.NaN);
    const toEveryReceiver = perSecond(toEveryReceiverInWindow);
    const offered = perSecond(sent);
    sorted(latencies);
    sorted(firstLatencies);
    sorted(ackLatencies);
    return {
      windowSeconds: round(seconds, 2),
      sent,
      rate: {
        /** What the customers actually sent, per second of the window. */
        offeredPerSecond: round(offered, 1),
        /** Messages that reached every staff socket within the window, per second: the floor's rate. */
        deliveredToEveryStaffPerSecond: round(toEveryReceiver, 1),
        /** Distinct messages each staff socket received within the window, per second. */
        deliveredPerStaffPerSecond: {
          min: round(perSecond(Math.min(...perReceiverInWindow)), 1),
          max: round(perSecond(Math.max(...perReceiverInWindow)), 1),
        },
        deliveredOverOffered: round(toEveryReceiver / offered, 3),
      },
      acknowledged: sent - unacknowledged,
      unacknowledged,
      /** Unacknowledged messages the server answered with an error instead, by error code. */
      rejected: rejections,
      repeatedAcks: this.repeatedAcks,
      strayAcks: this.strayAcks,
      pairs: sent * this.receivers,
      /** (message, staff socket) pairs never delivered. */
      lost,
      /** (message, staff socket) pairs delivered more than once; extraCopies counts the surplus frames. */
      duplicated,
      extraCopies,
      messagesLost,
      messagesDuplicated,
      /** Customer message frames at staff sockets that this run never sent. */
      strayDeliveries: this.strayDeliveries,
      latencyMs: {
        // Per (message, staff socket) pair, first copy only.
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? Number.NaN),
        firstStaffP50: round(percentile(firstLatencies, 50)),
        firstStaffP99: round(percentile(firstLatencies, 99)),
        ackP50: round(percentile(ackLatencies, 50)),
        ackP99: round(percentile(ackLatencies, 99)),
      },
    };
  }
}

export type ChatScore = ReturnType<ChatLedger['score']>;

/** What a run must reach. The floor is FLOOR; the same rules also judge a run at its own load. */
export interface Floor {
  customers: number;
  staff: number;
  rate: number;
  durationSeconds: number;
  p99Ms: number;
  /** Share of the rate the receivers may fall short by: messages still in flight when the window closes. */
  rateTolerance: number;
}

export const FLOOR: Floor = { customers: 2000, staff: 50, rate: 500, durationSeconds: 60, p99Ms: 150, rateTolerance: 0.01 };

export function judge(connections: { customers: number; staff: number }, score: ChatScore, floor: Floor) {
  const minimumRate = floor.rate * (1 - floor.rateTolerance);
  const conditions = {
    connections: connections.customers >= floor.customers && connections.staff >= floor.staff,
    duration: score.windowSeconds >= floor.durationSeconds,
    deliveredRate: score.rate.deliveredToEveryStaffPerSecond >= minimumRate,
    zeroUnacknowledged: score.unacknowledged === 0,
    zeroLost: score.lost === 0,
    zeroDuplicated: score.duplicated === 0,
    p99: score.latencyMs.p99 < floor.p99Ms,
  };
  const failed = Object.entries(conditions)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  return {
    met: failed.length === 0,
    failed,
    required: {
      customers: floor.customers,
      staff: floor.staff,
      durationSeconds: floor.durationSeconds,
      deliveredPerSecondAtLeast: round(minimumRate, 1),
      p99MsUnder: floor.p99Ms,
    },
  };
}
