// Who may give a conversation to whom. Taking a conversation a colleague holds always needs
// the confirmation `force: true` (409 already_claimed, naming the holder, otherwise) — on
// /claim and on /assign alike. Taking it over for yourself is anyone's right (a colleague went
// home); giving someone else's conversation to a third person or back to the queue is a
// supervisor's or an admin's. A conversation that is nobody's, or your own, you may give to
// anyone. docs/api.md (Conversations) says the same.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { languages } from '../../src/contract/languages.js';
import { hasMessage, t } from '../../src/platform/i18n.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary, type TestAccount } from '../support/factories.js';

interface ConversationBody {
  assignee: { id: string; displayName: string } | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { assigneeId?: string; name?: string } };
}

for (const backend of testBackends()) {
  describe(`claim and assign rules [${backend}]`, () => {
    let app: TestApp;
    let slug: string;
    let holder: TestAccount;
    let other: TestAccount;
    let third: TestAccount;
    let supervisor: TestAccount;
    const cookies = new Map<string, string>();

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      holder = await buildAccount(app.db, library, { displayName: 'Hilkka Haltija' });
      other = await buildAccount(app.db, library);
      third = await buildAccount(app.db, library);
      supervisor = await buildAccount(app.db, library, { role: 'supervisor' });
      for (const account of [holder, other, third, supervisor]) cookies.set(account.id, await app.signIn(account));
    });
    after(() => app.close());

    const cookieOf = (account: TestAccount) => cookies.get(account.id) ?? '';

    async function newConversation(): Promise<string> {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'hei' } });
      assert.equal(response.status, 201);
      return ((await response.json()) as { conversationId: string }).conversationId;
    }

    /** A conversation the holder has claimed. */
    async function held(): Promise<string> {
      const id = await newConversation();
      const claimed = await act(holder, id, 'claim', {});
      assert.equal(claimed.status, 200);
      return id;
    }

    function act(account: TestAccount, id: string, action: 'claim' | 'assign', json: unknown, language = 'en') {
      return app.request(`/api/v1/conversations/${id}/${action}`, {
        json,
        cookie: cookieOf(account),
        headers: { 'accept-language': language },
      });
    }

    async function assigneeOf(id: string): Promise<string | null> {
      const response = await app.request(`/api/v1/conversations/${id}`, { cookie: cookieOf(supervisor) });
      return ((await response.json()) as ConversationBody).assignee?.id ?? null;
    }

    async function expectAlreadyClaimed(response: Response): Promise<void> {
      const text = await response.text();
      assert.equal(response.status, 409, text);
      const body = JSON.parse(text) as ErrorBody;
      assert.equal(body.error.code, 'already_claimed');
      assert.equal(body.error.details?.assigneeId, holder.id);
      assert.equal(body.error.details?.name, 'Hilkka Haltija');
      assert.match(body.error.message, /Hilkka Haltija/);
    }

    test('assigning a colleague’s conversation without force is refused like a claim, and changes nothing', async () => {
      const id = await held();
      await expectAlreadyClaimed(await act(other, id, 'claim', {}));
      await expectAlreadyClaimed(await act(other, id, 'assign', { assigneeId: other.id }));
      await expectAlreadyClaimed(await act(supervisor, id, 'assign', { assigneeId: third.id }));
      await expectAlreadyClaimed(await act(supervisor, id, 'assign', { assigneeId: null }));
      assert.equal(await assigneeOf(id), holder.id);
    });

    test('with force anyone may take it over for themself, through claim or assign', async () => {
      const first = await held();
      const claimed = await act(other, first, 'claim', { force: true });
      assert.equal(claimed.status, 200);
      assert.equal(((await claimed.json()) as ConversationBody).assignee?.id, other.id);

      const second = await held();
      const assigned = await act(other, second, 'assign', { assigneeId: other.id, force: true });
      assert.equal(assigned.status, 200);
      assert.equal(((await assigned.json()) as ConversationBody).assignee?.id, other.id);
    });

    test('a staff member may not give a colleague’s conversation to someone else or unassign it, even with force', async () => {
      const id = await held();
      for (const assigneeId of [third.id, null]) {
        for (const language of languages) {
          const response = await act(other, id, 'assign', { assigneeId, force: true }, language);
          const body = (await response.json()) as ErrorBody;
          assert.equal(response.status, 403);
          assert.equal(body.error.code, 'forbidden');
          // The catalogue's own text, which says what to do instead (take it yourself, or ask a supervisor).
          assert.ok(hasMessage('error.forbidden.reassign'), 'error.forbidden.reassign is in the catalogue');
          assert.equal(body.error.message, t(language, 'error.forbidden.reassign'));
        }
      }
      assert.equal(await assigneeOf(id), holder.id);
    });

    test('a supervisor may reassign or unassign a colleague’s conversation with force', async () => {
      const id = await held();
      const reassigned = await act(supervisor, id, 'assign', { assigneeId: third.id, force: true });
      assert.equal(reassigned.status, 200);
      assert.equal(await assigneeOf(id), third.id);
      const unassigned = await act(supervisor, id, 'assign', { assigneeId: null, force: true });
      assert.equal(unassigned.status, 200);
      assert.equal(await assigneeOf(id), null);
    });

    test('a conversation that is nobody’s or one’s own may be given to anyone without force', async () => {
      const id = await newConversation();
      assert.equal((await act(other, id, 'assign', { assigneeId: holder.id })).status, 200);
      assert.equal(await assigneeOf(id), holder.id);
      // The holder hands their own over, then the new holder puts it back in the queue.
      assert.equal((await act(holder, id, 'assign', { assigneeId: third.id })).status, 200);
      assert.equal(await assigneeOf(id), third.id);
      assert.equal((await act(third, id, 'assign', { assigneeId: null })).status, 200);
      assert.equal(await assigneeOf(id), null);
    });
  });

  describe(`who may see and change accounts [${backend}]`, () => {
    let app: TestApp;
    let supervisorCookie: string;
    let staffCookie: string;
    let staffAccount: TestAccount;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      supervisorCookie = await app.signIn(await buildAccount(app.db, library, { role: 'supervisor' }));
      staffAccount = await buildAccount(app.db, library);
      staffCookie = await app.signIn(staffAccount);
    });
    after(() => app.close());

    test('a supervisor lists the accounts (to choose whom to assign to) but changes none; staff do neither', async () => {
      const listed = await app.request('/api/v1/accounts', { cookie: supervisorCookie });
      assert.equal(listed.status, 200);
      assert.ok(((await listed.json()) as { items: { id: string }[] }).items.some((a) => a.id === staffAccount.id));
      const created = await app.request('/api/v1/accounts', {
        json: { email: 'new@example.test', displayName: 'New', role: 'staff', password: 'long enough password' },
        cookie: supervisorCookie,
      });
      assert.equal(created.status, 403);
      const patched = await app.request(`/api/v1/accounts/${staffAccount.id}`, {
        method: 'PATCH',
        json: { role: 'supervisor' },
        cookie: supervisorCookie,
      });
      assert.equal(patched.status, 403);
      assert.equal((await app.request('/api/v1/accounts', { cookie: staffCookie })).status, 403);
    });
  });
}

test('docs/api.md says who may list accounts and who may reassign', () => {
  const api = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const listLine = api.split('\n').find((line) => line.startsWith('- `GET /api/v1/accounts`'));
  assert.ok(listLine, 'GET /api/v1/accounts is documented');
  assert.match(listLine, /supervisor/);
  const assignLine = api.split('\n').find((line) => line.startsWith('- `POST /api/v1/conversations/:id/assign`'));
  assert.ok(assignLine, 'assign is documented');
  assert.match(assignLine, /force/);
  assert.match(assignLine, /supervisor/);
});
