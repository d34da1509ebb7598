// The customer's secret for the chat, made in the browser before the first message is sent,
// so a start can be retried (after a lost response or a reload) as the same customer. It is
// random and nothing else: never derived from ids staff see (a message's clientId is).
const TOKEN_BYTES = 32;

type Fill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array;

export function newCustomerToken(random: Fill = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(TOKEN_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
