// The marks Kanava puts on the mail it sends so that a customer's answer finds its way back
// to the right conversation, whatever their mail client keeps of the headers:
//
// - the Message-ID of a sent reply names its delivery: `<kanava.{delivery}.{sig}@{domain}>`;
// - the Reply-To address carries the conversation: `{local}+k{conversation}{sig}@{domain}`;
// - the subject carries a short conversation reference: `[#3F2A9C1B7E]`.
//
// Ids are UUIDs in base32 (26 characters) and `sig` is a keyed signature (platform/secrets.ts),
// so nobody can make up an address or Message-ID that drops mail into another person's
// conversation. The subject reference is not signed (people retype subjects); it is only
// trusted together with the sender's address (channels/email/threading.ts).
import { fromBase32, toBase32, type SecretBox } from '../../../platform/secrets.js';

const SIG_LENGTH = 8;

function uuidToBase32(uuid: string): string {
  return toBase32(Buffer.from(uuid.replace(/-/g, ''), 'hex'));
}

function base32ToUuid(text: string): string | null {
  const bytes = fromBase32(text);
  if (!bytes || bytes.length !== 16) return null;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Message-ID (without angle brackets) of the mail that carries delivery `deliveryId`. */
export function outgoingMessageId(secrets: SecretBox, deliveryId: string, mailboxAddress: string): string {
  return `kanava.${uuidToBase32(deliveryId)}.${secrets.sign(`d:${deliveryId}`, SIG_LENGTH)}@${domainOf(mailboxAddress)}`;
}

/** The delivery a Message-ID of ours names; null for anyone else's or a forged one. */
export function deliveryIdFromMessageId(secrets: SecretBox, messageId: string): string | null {
  const match = /^<?kanava\.([a-z2-7]{26})\.([a-z2-7]{8})@[^>\s]+>?$/i.exec(messageId.trim());
  if (!match) return null;
  const id = base32ToUuid(match[1]!);
  return id && secrets.verify(`d:${id}`, match[2]!) ? id : null;
}

/** The address a customer's answer goes to: the mailbox's, tagged with the conversation. */
export function replyAddress(secrets: SecretBox, conversationId: string, mailboxAddress: string): string {
  const at = mailboxAddress.lastIndexOf('@');
  const local = mailboxAddress.slice(0, at).split('+')[0];
  return `${local}+k${uuidToBase32(conversationId)}${secrets.sign(`c:${conversationId}`, SIG_LENGTH)}@${mailboxAddress.slice(at + 1)}`;
}

/** The conversation a recipient address of ours names; null when it names none (or is forged). */
export function conversationIdFromAddress(secrets: SecretBox, address: string): string | null {
  const match = /\+k([a-z2-7]{26})([a-z2-7]{8})@/i.exec(address);
  if (!match) return null;
  const id = base32ToUuid(match[1]!.toLowerCase());
  return id && secrets.verify(`c:${id}`, match[2]!) ? id : null;
}

/** `[#3F2A9C1B7E]`: the first 5 bytes of the conversation id, for people to read and quote. */
export function subjectReference(conversationId: string): string {
  return `[#${conversationId.replace(/-/g, '').slice(0, 10).toUpperCase()}]`;
}

/** The hex prefix (lower case) of a conversation id named in a subject, if any. */
export function referenceFromSubject(subject: string): string | null {
  const match = /\[#([0-9a-f]{10})\]/i.exec(subject);
  return match ? match[1]!.toLowerCase() : null;
}
