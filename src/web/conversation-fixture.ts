// A conversation as the API answers it, for the staff app's unit tests: every field at its
// plain default, so a test names only what it is about (and one new field is added once).
import type { Conversation } from './api.js';

export const conversationFixture = (id: string, extra: Partial<Conversation> = {}): Conversation => ({
  id,
  channel: 'chat',
  status: 'open',
  language: 'fi',
  subject: null,
  customer: { id: 'u', name: null, email: null },
  assignee: null,
  lastSeq: 0,
  createdAt: '',
  updatedAt: '',
  lastMessageAt: '2026-01-01T00:00:00.000Z',
  lastMessagePreview: null,
  mergedIntoId: null,
  tags: [],
  page: null,
  customerLeftAt: null,
  queueId: null,
  waitingSince: null,
  firstResponseDueAt: null,
  resolutionDueAt: null,
  dueAt: null,
  ...extra,
});
