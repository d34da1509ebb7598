// Typed calls to the Kanava API. Every failure becomes an ApiError carrying the server's
// own (already translated) message, which the UI shows as it is.
import type { Language } from './i18n.js';

export type Role = 'admin' | 'supervisor' | 'staff';
export type Status = 'open' | 'pending' | 'resolved';
export interface Person { id: string; displayName: string }
export interface Account { id: string; email: string; displayName: string; role: Role; active: boolean; language: Language; createdAt: string }
export interface Me { account: Account; library: { id: string; slug: string; name: Record<Language, string> } }
export interface Conversation {
  id: string;
  channel: string;
  status: Status;
  language: Language;
  subject: string | null;
  customer: { id: string; name: string | null; email: string | null };
  assignee: Person | null;
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string;
  lastMessagePreview: string | null;
}
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  kind: 'customer' | 'staff' | 'note' | 'event';
  body: string;
  author: Person | null;
  event: Record<string, unknown> | null;
  clientId: string | null;
  createdAt: string;
}
export interface AuditEntry { id: string; action: string; actor: Person | null; targetType: string | null; targetId: string | null; details: Record<string, unknown>; createdAt: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let acceptLanguage: Language = 'fi';
export function setApiLanguage(language: Language): void {
  acceptLanguage = language;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: { 'accept-language': acceptLanguage, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null;
  if (!response.ok) {
    throw new ApiError(response.status, data?.error?.code ?? 'internal', data?.error?.message ?? response.statusText, data?.error?.details);
  }
  return data as T;
}

export const api = {
  me: () => call<Me>('GET', '/auth/me'),
  login: (email: string, password: string, library?: string) => call<Me>('POST', '/auth/login', { email, password, ...(library ? { library } : {}) }),
  logout: () => call<void>('POST', '/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => call<void>('POST', '/auth/password', { currentPassword, newPassword }),
  conversations: (query: string) => call<{ items: Conversation[]; nextCursor: string | null }>('GET', `/conversations${query}`),
  conversation: (id: string) => call<Conversation>('GET', `/conversations/${id}`),
  messages: (id: string, after = 0) => call<{ items: Message[] }>('GET', `/conversations/${id}/messages?after=${after}&limit=500`),
  reply: (id: string, body: string, internal: boolean) => call<Message>('POST', `/conversations/${id}/messages`, { body, internal }),
  claim: (id: string, force = false) => call<Conversation>('POST', `/conversations/${id}/claim`, { force }),
  setStatus: (id: string, status: Status) => call<Conversation>('POST', `/conversations/${id}/status`, { status }),
  customer: (id: string) => call<{ id: string; conversations: Conversation[] }>('GET', `/customers/${id}`),
  accounts: () => call<{ items: Account[] }>('GET', '/accounts'),
  createAccount: (input: { email: string; displayName: string; role: Role; password: string; language: Language }) => call<Account>('POST', '/accounts', input),
  updateAccount: (id: string, changes: { role?: Role; active?: boolean }) => call<Account>('PATCH', `/accounts/${id}`, changes),
  audit: (cursor?: string) => call<{ items: AuditEntry[]; nextCursor: string | null }>('GET', `/audit${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
};
