// The contract every channel implements. Inbound: a channel turns what arrives (a chat
// frame, an email, a form post, a callback request, a desk log entry, a webhook) into an
// InboundMessage and hands it to `receiveInbound`, which finds or creates the customer and
// conversation and stores the message. Outbound: a staff reply on a conversation of the
// channel is delivered by the channel's `deliver` (chat delivers live over the socket; email
// will send through SMTP from a job). The inbox never needs to know which channel it is.
import type { MessageView } from '../../contract/conversations.js';
import type { ChannelKind, DeliveryStatus } from '../../contract/kinds.js';
import type { Language } from '../../contract/languages.js';
import type { OutboundDelivery } from '../conversations/service.js';

export interface InboundMessage {
  libraryId: string;
  channel: ChannelKind;
  /** An existing customer, when the channel already knows who it is. */
  customerId?: string;
  /** For a new customer. */
  customer?: { name: string | null; email: string | null; language: Language; widgetTokenHash?: string | null };
  /** Continue this conversation (a reply in a thread, a chat after a reload). */
  conversationId?: string;
  subject?: string | null;
  /** Web chat: the page the chat was started on, kept on a new conversation for staff to see. */
  page?: { url: string; title: string | null } | null;
  language: Language;
  body: string | null;
  /** Channel's own id for the message (email Message-ID, chat client id) for idempotency. */
  externalId?: string | null;
  /** Where a new conversation was started (the widget's entry point): routing rules match it. */
  entryPoint?: string | null;
}

export interface InboundResult {
  customerId: string;
  conversationId: string;
  message: MessageView | null;
  duplicate: boolean;
}

/**
 * Thrown by an adapter whose delivery failed for a reason it can name. The code is stored
 * on the delivery and shown to staff, so it must be a stable code (`smtp_rejected`), never
 * a text with addresses or names in it. Any other exception is recorded as `adapter_error`.
 */
export class DeliveryError extends Error {
  readonly code: string;

  constructor(code: string, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'DeliveryError';
    this.code = code;
  }
}

export interface ChannelAdapter {
  kind: ChannelKind;
  /**
   * live: `deliver` runs right after the reply is committed, in the process that stored it
   * (chat writes to the customer's socket). queued: the reply's delivery waits in the
   * `deliveries` table for a job that retries with backoff (email; see
   * docs/decisions/0003-channel-adapters.md), so nothing is sent from the request.
   */
  mode: 'live' | 'queued';
  /**
   * Delivers a staff reply to the customer. Resolves to how far it got: `queued` = not yet
   * (it is kept and tried again), `sent` = handed on, `delivered` = with the customer.
   * Throws (preferably a DeliveryError) when it failed; the reply stays stored either way.
   */
  deliver(delivery: OutboundDelivery): Promise<Exclude<DeliveryStatus, 'failed'>>;
}
