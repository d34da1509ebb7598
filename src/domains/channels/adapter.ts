// The contract every channel implements. Inbound: a channel turns what arrives (a chat
// frame, an email, a form post, a callback request, a desk log entry, a webhook) into an
// InboundMessage and hands it to `receiveInbound`, which finds or creates the customer and
// conversation and stores the message. Outbound: a staff reply on a conversation of the
// channel is delivered by the channel's `deliver` (chat delivers live over the socket; email
// will send through SMTP from a job). The inbox never needs to know which channel it is.
import type { ChannelKind, Language } from '../../platform/db/types.js';
import type { MessageView } from '../conversations/presenter.js';

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
  language: Language;
  body: string | null;
  /** Channel's own id for the message (email Message-ID, chat client id) for idempotency. */
  externalId?: string | null;
}

export interface InboundResult {
  customerId: string;
  conversationId: string;
  message: MessageView | null;
  duplicate: boolean;
}

export type DeliveryStatus = 'delivered' | 'queued' | 'failed';

export interface ChannelAdapter {
  kind: ChannelKind;
  /** Delivers a staff reply to the customer; may queue it for a job. */
  deliver(reply: { libraryId: string; conversationId: string; message: MessageView }): Promise<DeliveryStatus>;
}
