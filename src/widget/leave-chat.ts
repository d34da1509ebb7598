// Tells the server that the customer ended the chat, so staff see it in the timeline. The
// widget forgets the chat only when this says so: 'left' (recorded, or recorded before) and
// 'gone' (the server no longer knows the chat or its token: erased, so nothing to record).
// Anything else ('failed': no answer, rate limit, server trouble) keeps the chat as it is.
import type { Language } from '../contract/languages.js';

export interface LeaveRequest {
  api: string;
  library: string;
  language: Language;
  token: string;
  conversationId: string;
}

export async function leaveChat(request: LeaveRequest): Promise<'left' | 'gone' | 'failed'> {
  const path = `/api/v1/public/libraries/${encodeURIComponent(request.library)}/chats/${encodeURIComponent(request.conversationId)}/leave`;
  try {
    const response = await fetch(`${request.api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': request.language },
      body: JSON.stringify({ customerToken: request.token }),
    });
    if (response.ok) return 'left';
    if (response.status === 401 || response.status === 404) return 'gone';
    return 'failed';
  } catch {
    return 'failed';
  }
}
