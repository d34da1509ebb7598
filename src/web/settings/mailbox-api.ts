// The staff app's calls on the library's mailboxes (admins), beside api.ts so that the Email
// tab stays in its own files.
import type {
  ConnectionTestResult,
  CreateMailboxBody,
  MailboxView,
  TestMailboxSettingsBody,
  UpdateMailboxBody,
} from '../../contract/mailboxes.js';
import { call } from '../api.js';

export type Mailbox = MailboxView;

export const mailboxApi = {
  list: async () => (await call<{ items: Mailbox[] }>('GET', '/mailboxes')).items,
  create: (body: CreateMailboxBody) => call<Mailbox>('POST', '/mailboxes', body),
  update: (id: string, body: UpdateMailboxBody, version: number) =>
    call<Mailbox>('PATCH', `/mailboxes/${id}`, body, { 'if-match': `"${version}"` }),
  remove: (id: string) => call<undefined>('DELETE', `/mailboxes/${id}`),
  testSaved: (id: string) => call<ConnectionTestResult>('POST', `/mailboxes/${id}/test`),
  testUnsaved: (body: TestMailboxSettingsBody) => call<ConnectionTestResult>('POST', '/mailboxes/test', body),
};
