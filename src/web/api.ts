// Typed calls to the Kanava API. Every failure becomes an ApiError: with the server's own
// (already translated) message when it answered in our error shape, otherwise with a code
// of ours ('network', 'bad_response') that errors.ts turns into a translated text.
import type { AccountView, MeView } from '../contract/accounts.js';
import type { Role } from '../contract/kinds.js';
import type { AuditEntryView } from '../contract/audit.js';
import type { ConversationView, CustomerView, DeliveryView, MessageView, Person } from '../contract/conversations.js';
import type { ConversationStatus } from '../contract/kinds.js';
import type { Language } from '../contract/languages.js';
import type { LibraryView } from '../contract/libraries.js';
import type { CustomerSearchPage } from '../contract/customers.js';

/** PATCH /library: only what changed (the server merges one level below each group). */
export interface LibraryPatch {
  name?: Partial<Record<Language, string>>;
  settings?: Record<string, unknown>;
}

// The server's own wire types (src/contract/), under the names the staff app uses.
export type { Person, Role };
export type Status = ConversationStatus;
export type Account = AccountView;
export type Me = MeView;
export type Conversation = ConversationView;
/** How far a staff reply got to the customer. */
export type Delivery = DeliveryView;
export type Message = MessageView;
export type AuditEntry = AuditEntryView;
export type LibrarySettings = LibraryView;

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when no answer arrived at all. */
    readonly status: number,
    readonly code: string,
    /** The server's translated message, or '' when the server did not send one. */
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { code?: unknown; message?: unknown; details?: Record<string, unknown> } } | null;

let acceptLanguage: Language = 'fi';
export function setApiLanguage(language: Language): void {
  acceptLanguage = language;
}

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { 'accept-language': acceptLanguage, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    // The browser's own text ("Failed to fetch", "NetworkError…") is English-only and vague.
    throw new ApiError(0, 'network', '');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as ErrorBody;
  if (!response.ok) {
    const error = data?.error;
    // Only our own error shape carries a message meant for people; a proxy's page does not.
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message, error.details);
    }
    throw new ApiError(response.status, 'bad_response', '');
  }
  if (data === null) throw new ApiError(response.status, 'bad_response', '');
  return data as T;
}

export const api = {
  me: () => call<Me>('GET', '/auth/me'),
  login: (email: string, password: string, library?: string) =>
    call<Me>('POST', '/auth/login', { email, password, ...(library ? { library } : {}) }),
  logout: () => call<void>('POST', '/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => call<void>('POST', '/auth/password', { currentPassword, newPassword }),
  conversations: (query: string) => call<{ items: Conversation[]; nextCursor: string | null }>('GET', `/conversations${query}`),
  conversation: (id: string) => call<Conversation>('GET', `/conversations/${id}`),
  /** The last `limit` messages with seq < before, ascending (the server allows up to 500). */
  messagesBefore: (id: string, before: number, limit: number) =>
    call<{ items: Message[] }>('GET', `/conversations/${id}/messages?before=${before}&limit=${limit}`),
  reply: (id: string, body: string, internal: boolean) => call<Message>('POST', `/conversations/${id}/messages`, { body, internal }),
  retryDelivery: (id: string, messageId: string) => call<Delivery>('POST', `/conversations/${id}/messages/${messageId}/delivery/retry`),
  claim: (id: string, force = false) => call<Conversation>('POST', `/conversations/${id}/claim`, { force }),
  setStatus: (id: string, status: Status) => call<Conversation>('POST', `/conversations/${id}/status`, { status }),
  merge: (id: string, targetId: string) => call<Conversation>('POST', `/conversations/${id}/merge`, { targetId }),
  library: () => call<LibrarySettings>('GET', '/library'),
  customer: (id: string) => call<CustomerView>('GET', `/customers/${id}`),
  /** Saves a settings patch made on `version`; 409 settings_changed when someone saved in between. */
  updateLibrary: (patch: LibraryPatch, version: string) =>
    call<LibrarySettings>('PATCH', '/library', patch, { 'if-match': `"${version}"` }),
  searchCustomers: (q: string, cursor?: string | null) =>
    call<CustomerSearchPage>('GET', `/customers?q=${encodeURIComponent(q)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  eraseCustomer: (id: string) => call<void>('DELETE', `/customers/${id}`),
  accounts: () => call<{ items: Account[] }>('GET', '/accounts'),
  createAccount: (input: { email: string; displayName: string; role: Role; password: string; language: Language }) =>
    call<Account>('POST', '/accounts', input),
  updateAccount: (id: string, changes: { role?: Role; active?: boolean }) => call<Account>('PATCH', `/accounts/${id}`, changes),
  /** Any other endpoint (the queue screens: queues/queue-api.ts). */
  raw: <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body),
  audit: (cursor?: string) =>
    call<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
};
