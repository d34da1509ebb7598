// Every frame the server sends on its two sockets, and their close codes, defined once for
// the server, the staff app and the widget. Frames about a conversation carry `seq`: the
// conversation's last seq when the frame was made (for a message, its own seq), so a client
// can order frames and resume.
import type { ConversationView, CustomerMessageView, DeliveryView, MessageView } from './conversations.js';
import type { ConversationStatus } from './kinds.js';
import type { ErrorView } from './errors.js';
import type { SurveyOfferView } from './satisfaction.js';

export type ErrorFrame = { type: 'error' } & ErrorView & {
    /** On the chat socket, the client id of the `send` the error is about. */
    clientId?: string;
  };

export interface PongFrame {
  type: 'pong';
}

/** What a staff member is writing in the conversation they view: a reply, an internal note, or nothing. */
export type StaffWriting = 'reply' | 'note' | null;

/** One staff member in a conversation now (any of their sockets, on any app instance). */
export interface StaffActivity {
  accountId: string;
  displayName: string;
  writing: StaffWriting;
}

/** Who is in a conversation now: ephemeral, never stored or replayed. */
export interface ConversationActivity {
  /** Staff viewing it (the receiving staff member included: leave yourself out when showing it). */
  staff: StaffActivity[];
  customerTyping: boolean;
}

/**
 * Staff client → server: the conversation this socket shows (null: none) and what its user is
 * writing there. Sent when it changes, and again at most every few seconds while writing (the
 * server forgets writing after 8 s without it). Rate-limited per socket.
 */
export interface StaffActivityClientFrame {
  type: 'activity';
  conversationId: string | null;
  writing: StaffWriting;
}

/**
 * Customer client → server: the customer is typing (again at most every 3 s while typing), or
 * stopped (`typing: false`: 5 s idle, or sent). `{type: 'typing'}` alone means typing.
 */
export interface CustomerTypingClientFrame {
  type: 'typing';
  typing?: boolean;
}

/** Staff socket (`/api/v1/ws`): the whole library, notes included. */
export type StaffServerFrame =
  | { type: 'ready'; libraryId: string }
  | { type: 'message'; seq: number; message: MessageView }
  | { type: 'conversation'; seq: number; conversation: ConversationView }
  /**
   * A staff reply's delivery changed (queued → delivered, failed, …). No seq: it is the
   * latest state of one message's delivery, not a timeline entry; newer updatedAt wins.
   */
  | { type: 'delivery'; conversationId: string; messageId: string; delivery: DeliveryView }
  /**
   * Who is in the conversation now changed (staff viewing or writing, the customer typing),
   * on any instance; also the answer to an `activity` frame naming a conversation. No seq:
   * ephemeral, the latest state wins.
   */
  | ({ type: 'activity'; conversationId: string } & ConversationActivity)
  /** The replay asked for by `subscribe` is complete up to `seq`. */
  | { type: 'subscribed'; conversationId: string; seq: number }
  | PongFrame
  | ErrorFrame;

/** Customer chat socket (`/api/v1/public/chat/ws`): one conversation, never a note. */
export type CustomerServerFrame =
  | { type: 'ready'; conversationId: string; status: ConversationStatus; lastSeq: number; staffOnline: number }
  | { type: 'message'; seq: number; message: CustomerMessageView }
  | { type: 'conversation'; seq: number; status: ConversationStatus }
  | { type: 'presence'; staffOnline: number }
  | { type: 'ack'; clientId: string; seq: number; id: string }
  /** The conversation is resolved and its satisfaction question unanswered: ask it (again on every reconnect until answered). */
  | { type: 'survey'; seq: number; survey: SurveyOfferView }
  /** The library's staff are (or no longer are) writing a reply: never who, never for a note. */
  | { type: 'typing'; typing: boolean }
  | PongFrame
  | ErrorFrame;

/**
 * Close code of a socket whose session or customer token no longer holds (signed out,
 * password changed, account deactivated, conversation erased): reconnecting cannot succeed.
 */
export const CLOSE_UNAUTHENTICATED = 4401;
/** Close code of a socket whose client fell too far behind: reconnect and resume from the last seq. */
export const CLOSE_TOO_SLOW = 4408;

/** Serialises a staff frame; typed so that only frames of the protocol can be sent. */
export function encodeStaffFrame(frame: StaffServerFrame): string {
  return JSON.stringify(frame);
}

/** Serialises a customer frame. */
export function encodeCustomerFrame(frame: CustomerServerFrame): string {
  return JSON.stringify(frame);
}
