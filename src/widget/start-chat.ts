// Starts the chat over HTTP with the first message. The token and the message's client id
// are made (and saved) by the widget before this runs, so repeating it — after a lost
// response, a timeout or a reload — is safe: the server returns the same conversation and
// stores the message once. What the widget should do next depends only on the outcome.
import type { Language } from '../contract/languages.js';
import type { PendingMessage } from './chat-state.js';
import type { PageContext } from './page-context.js';

export interface StartRequest {
  api: string;
  library: string;
  language: Language;
  token: string;
  first: PendingMessage;
  email?: string | undefined;
  /** The page the chat starts on, for staff to see. */
  page?: PageContext | undefined;
  /** The page's entry point (the element's `entry-point` attribute); one that is not 1–64 of a–z, 0–9 and - is left out. */
  entryPoint?: string | undefined;
}

const ENTRY_POINT = /^[a-z0-9-]{1,64}$/;

export type StartOutcome =
  | { kind: 'started'; conversationId: string }
  /** The server refused the first message (validation): the customer has to change it. */
  | { kind: 'refused'; code: string; message: string }
  /**
   * The server refused the email address given with it (the browser's check is looser than
   * the server's): the customer has to correct it or leave it out.
   */
  | { kind: 'email_refused' }
  /** The server does not accept the token (used by another library): make a new one. */
  | { kind: 'token_refused' }
  /** Not answered (network, rate limit, server trouble): try again later, as it is. */
  | { kind: 'retry' };

export async function startChat(request: StartRequest): Promise<StartOutcome> {
  let response: Response;
  try {
    response = await fetch(`${request.api}/api/v1/public/libraries/${encodeURIComponent(request.library)}/chats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': request.language },
      body: JSON.stringify({
        language: request.language,
        customerToken: request.token,
        body: request.first.body,
        clientId: request.first.clientId,
        ...(request.email ? { email: request.email } : {}),
        ...(request.page ? { page: request.page } : {}),
        ...(request.entryPoint && ENTRY_POINT.test(request.entryPoint) ? { entryPoint: request.entryPoint } : {}),
      }),
    });
  } catch {
    return { kind: 'retry' };
  }
  const result = (await response.json().catch(() => ({}))) as {
    conversationId?: string;
    error?: { code?: string; message?: string; details?: { issues?: { path?: string }[] } };
  };
  if (response.ok && result.conversationId) return { kind: 'started', conversationId: result.conversationId };
  if (response.status === 401) return { kind: 'token_refused' };
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    if (result.error?.code === 'validation_failed' && result.error.details?.issues?.some((i) => /(^|\.)email$/.test(i.path ?? ''))) {
      return { kind: 'email_refused' };
    }
    return { kind: 'refused', code: result.error?.code ?? 'validation_failed', message: result.error?.message ?? '' };
  }
  return { kind: 'retry' };
}
