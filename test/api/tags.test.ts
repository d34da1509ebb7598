// Topic tags: the list admins keep (names per language, archived rather than deleted), tags set
// on a conversation, the inbox filter, and the library setting that resolving needs a tag.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';
import type { ConversationView } from '../../src/contract/conversations.js';
import type { TagListView, TagView } from '../../src/contract/tags.js';
import { TestSocket } from '../support/ws.js';

type ErrorBody = { error: { code: string; message: string; details?: { reason?: string; issues?: { message: string }[] } } };

for (const backend of testBackends()) {
  describe(`topic tags [${backend}]`, () => {
    let app: TestApp;
    let admin: string;
    let staff: string;
    let slug: string;

    before(async () => {
      app = await startTestApp(backend);
      const library = await buildLibrary(app.db);
      slug = library.slug;
      admin = await app.signIn(await buildAccount(app.db, library, { role: 'admin' }));
      staff = await app.signIn(await buildAccount(app.db, library, { role: 'staff' }));
    });
    after(() => app.close());

    const newTag = async (name: Record<string, string>) => {
      const response = await app.request('/api/v1/tags', { cookie: admin, json: { name } });
      assert.equal(response.status, 201);
      return (await response.json()) as TagView;
    };
    const newChat = async () => {
      const response = await app.request(`/api/v1/public/libraries/${slug}/chats`, { json: { language: 'fi', body: 'Hei' } });
      return ((await response.json()) as { conversationId: string }).conversationId;
    };
    const setTags = (id: string, tagIds: string[], cookie = staff, language = 'en') =>
      app.request(`/api/v1/conversations/${id}/tags`, {
        method: 'PUT',
        cookie,
        json: { tagIds },
        headers: { 'accept-language': language },
      });
    const resolve = (id: string, language = 'en') =>
      app.request(`/api/v1/conversations/${id}/status`, {
        cookie: staff,
        json: { status: 'resolved' },
        headers: { 'accept-language': language },
      });

    test('admins keep the list; staff read it but may not change it', async () => {
      const loans = await newTag({ fi: 'Lainaus', sv: 'Lån', en: 'Loans' });
      assert.equal(loans.active, true);
      const forbidden = await app.request('/api/v1/tags', { cookie: staff, json: { name: { fi: 'Oma' } } });
      assert.equal(forbidden.status, 403);
      const listed = (await (await app.request('/api/v1/tags', { cookie: staff })).json()) as TagListView;
      assert.ok(listed.items.some((t) => t.id === loans.id));
      assert.equal(listed.requiredAtResolve, false);

      const duplicate = await app.request('/api/v1/tags', {
        cookie: admin,
        json: { name: { fi: 'lainaus' } },
        headers: { 'accept-language': 'sv' },
      });
      assert.equal(duplicate.status, 409);
      assert.match(((await duplicate.json()) as ErrorBody).error.message, /Biblioteket har redan en ämnesetikett som heter ”lainaus”/);

      for (const [language, pattern] of [
        ['fi', /vähintään yhdellä kielellä/],
        ['sv', /minst ett språk/],
      ] as const) {
        const empty = await app.request('/api/v1/tags', { cookie: admin, json: { name: {} }, headers: { 'accept-language': language } });
        assert.equal(empty.status, 400);
        const error = ((await empty.json()) as ErrorBody).error;
        assert.match(error.details?.issues?.[0]?.message ?? '', pattern);
      }
      const renamed = await app.request(`/api/v1/tags/${loans.id}`, {
        method: 'PATCH',
        cookie: admin,
        json: { name: { fi: 'Lainat', sv: 'Lån', en: 'Loans' } },
      });
      assert.equal(renamed.status, 200);
      assert.equal(((await renamed.json()) as TagView).name.fi, 'Lainat');
    });

    test('tags set on a conversation show in its view, live on the staff socket, and filter the inbox', async () => {
      const events = await newTag({ fi: 'Tapahtumat', sv: 'Evenemang' });
      const other = await newTag({ en: 'Other' });
      const id = await newChat();
      const untagged = await newChat();
      const socket = await TestSocket.open(`${app.wsUrl}/api/v1/ws`, { cookie: staff });
      await socket.waitFor((f) => f.type === 'ready');

      const response = await setTags(id, [events.id, other.id]);
      assert.equal(response.status, 200);
      const view = (await response.json()) as ConversationView;
      assert.deepEqual(view.tags.map((t) => t.id).sort(), [events.id, other.id].sort());
      const frame = await socket.waitFor((f) => f.type === 'conversation' && (f.conversation as ConversationView).id === id);
      assert.equal((frame.conversation as ConversationView).tags.length, 2);
      socket.close();

      const filtered = (await (await app.request(`/api/v1/conversations?tag=${events.id}`, { cookie: staff })).json()) as {
        items: ConversationView[];
      };
      assert.deepEqual(
        filtered.items.map((c) => c.id),
        [id],
      );
      assert.ok(!filtered.items.some((c) => c.id === untagged));

      // Replacing the set removes what is left out.
      const fewer = (await (await setTags(id, [other.id])).json()) as ConversationView;
      assert.deepEqual(
        fewer.tags.map((t) => t.name),
        [{ en: 'Other' }],
      );
      const read = (await (await app.request(`/api/v1/conversations/${id}`, { cookie: staff })).json()) as ConversationView;
      assert.deepEqual(
        read.tags.map((t) => t.id),
        [other.id],
      );
    });

    test('an archived tag stays on its conversations but cannot be added anew (409), nor can an unknown one (404)', async () => {
      const old = await newTag({ fi: 'Vanha' });
      const id = await newChat();
      assert.equal((await setTags(id, [old.id])).status, 200);
      const archived = await app.request(`/api/v1/tags/${old.id}`, { method: 'PATCH', cookie: admin, json: { active: false } });
      assert.equal(((await archived.json()) as TagView).active, false);
      // Still there, and keeping it is fine.
      const kept = await setTags(id, [old.id]);
      assert.equal(kept.status, 200);
      assert.equal(((await kept.json()) as ConversationView).tags[0]?.active, false);

      const another = await newChat();
      const refused = await setTags(another, [old.id], staff, 'fi');
      assert.equal(refused.status, 409);
      assert.match(((await refused.json()) as ErrorBody).error.message, /Aihetunniste on arkistoitu/);
      const unknown = await setTags(another, ['00000000-0000-4000-8000-000000000000'], staff, 'sv');
      assert.equal(unknown.status, 404);
      assert.match(((await unknown.json()) as ErrorBody).error.message, /Ämnesetiketten hittades inte/);
      const conversation = (await (await app.request(`/api/v1/conversations/${another}`, { cookie: staff })).json()) as ConversationView;
      assert.deepEqual(conversation.tags, [], 'a refused set changes nothing');
    });

    test('when the library requires a tag, resolving without one is refused (409) in the caller’s language', async () => {
      const forbidden = await app.request('/api/v1/tag-settings', { method: 'PATCH', cookie: staff, json: { requiredAtResolve: true } });
      assert.equal(forbidden.status, 403);
      const set = await app.request('/api/v1/tag-settings', { method: 'PATCH', cookie: admin, json: { requiredAtResolve: true } });
      assert.deepEqual(await set.json(), { requiredAtResolve: true });
      assert.equal(((await (await app.request('/api/v1/tags', { cookie: staff })).json()) as TagListView).requiredAtResolve, true);

      const id = await newChat();
      for (const [language, pattern] of [
        ['fi', /Lisää keskusteluun vähintään yksi aihetunniste/],
        ['sv', /Lägg till minst en ämnesetikett/],
      ] as const) {
        const refused = await resolve(id, language);
        assert.equal(refused.status, 409);
        const error = ((await refused.json()) as ErrorBody).error;
        assert.equal(error.details?.reason, 'tag_required');
        assert.match(error.message, pattern);
      }
      const still = (await (await app.request(`/api/v1/conversations/${id}`, { cookie: staff })).json()) as ConversationView;
      assert.equal(still.status, 'open');
      // Pending is not resolving.
      const pending = await app.request(`/api/v1/conversations/${id}/status`, { cookie: staff, json: { status: 'pending' } });
      assert.equal(pending.status, 200);

      const tag = await newTag({ fi: 'Neuvonta' });
      await setTags(id, [tag.id]);
      const resolved = await resolve(id);
      assert.equal(resolved.status, 200);
      assert.equal(((await resolved.json()) as ConversationView).status, 'resolved');

      await app.request('/api/v1/tag-settings', { method: 'PATCH', cookie: admin, json: { requiredAtResolve: false } });
      assert.equal((await resolve(await newChat())).status, 200, 'optional again');
    });
  });
}
