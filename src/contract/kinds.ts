// The closed lists of the wire: channels, conversation statuses, message kinds, delivery
// statuses and staff roles. No zod here, so the front ends can take the lists without it;
// migrations repeat them in CHECK constraints, kept in step by
// platform/db/types-match-migrations.test.ts.

/** Every way a conversation can reach the library. */
export const channelKinds = ['chat', 'email', 'form', 'callback', 'desk', 'api'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export const conversationStatuses = ['open', 'pending', 'resolved'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

/** note = internal, never shown to the customer; event = a system event in the timeline. */
export const messageKinds = ['customer', 'staff', 'note', 'event'] as const;
export type MessageKind = (typeof messageKinds)[number];

export const deliveryStatuses = ['queued', 'sent', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const roles = ['admin', 'supervisor', 'staff'] as const;
export type Role = (typeof roles)[number];
