// A client generated from the served OpenAPI description works against the server: types
// are generated with openapi-typescript, a small openapi-fetch client written against them
// must type-check (strict), and run against the live server: start a chat, sign in, list
// the inbox, read an error. Disagreement a client would notice fails here — a field the
// description lacks fails the type check, a field the server leaves out fails at run time,
// and every answer is checked against the description's own schema for it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app.js';
import { testBackends } from '../support/backends.js';
import { buildAccount, buildLibrary } from '../support/factories.js';

const root = resolve(new URL('../../', import.meta.url).pathname);

// What an integrator would write. Only the generated `paths` tell it the shapes.
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export async function inboxOf(baseUrl: string, slug: string, email: string, password: string) {
  const client = createClient<paths>({ baseUrl });
  const started = await client.POST('/api/v1/public/libraries/{slug}/chats', {
    params: { path: { slug } },
    body: { language: 'fi', name: 'Aino Asiakas', body: 'Onko kirjasto auki lauantaina?' },
  });
  if (!started.data) throw new Error('chat not started: ' + started.error?.error.code);
  const conversationId: string = started.data.conversationId;

  const anonymous = await client.GET('/api/v1/conversations', {});
  const refusal: { code: string; message: string } | undefined = anonymous.error?.error;

  const signedIn = await client.POST('/api/v1/auth/login', { body: { email, password } });
  if (!signedIn.data) throw new Error('sign-in failed: ' + signedIn.error?.error.code);
  const cookie = (signedIn.response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const role: 'admin' | 'supervisor' | 'staff' = signedIn.data.account.role;

  const inbox = await client.GET('/api/v1/conversations', { params: { query: { status: 'open', limit: 10 } }, headers: { cookie } });
  if (!inbox.data) throw new Error('inbox failed: ' + inbox.error?.error.code);
  const items = inbox.data.items.map((c) => ({
    id: c.id,
    status: c.status,
    channel: c.channel,
    customerName: c.customer.name,
    assignee: c.assignee ? c.assignee.displayName : null,
    lastSeq: c.lastSeq,
    preview: c.lastMessagePreview,
  }));
  const nextCursor: string | null = inbox.data.nextCursor;
  return { conversationId, refusal, role, items, nextCursor, raw: { inbox: inbox.data, refusal: anonymous.error } };
}
`;

interface ClientModule {
  inboxOf(
    baseUrl: string,
    slug: string,
    email: string,
    password: string,
  ): Promise<{
    conversationId: string;
    refusal: { code: string; message: string } | undefined;
    role: string;
    items: {
      id: string;
      status: string;
      channel: string;
      customerName: string | null;
      assignee: string | null;
      lastSeq: number;
      preview: unknown;
    }[];
    nextCursor: string | null;
    raw: { inbox: unknown; refusal: unknown };
  }>;
}

type JsonSchema = Parameters<typeof z.fromJSONSchema>[0];

/** Generates the types into `dir`, type-checks and compiles the client; the TypeScript diagnostics, if any. */
async function buildClient(dir: string, document: unknown): Promise<string[]> {
  const types = astToString(await openapiTS(document as Parameters<typeof openapiTS>[0]));
  writeFileSync(join(dir, 'api.d.ts'), types);
  writeFileSync(join(dir, 'client.mts'), CLIENT);
  // The client resolves openapi-fetch and @types/node as a project would, from node_modules.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const program = ts.createProgram([join(dir, 'client.mts')], {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
    outDir: dir,
  });
  const emitted = program.emit();
  return [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

for (const backend of testBackends()) {
  describe(`a client generated from the OpenAPI description [${backend}]`, () => {
    let app: TestApp;
    let dir: string;
    let document: {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }> }>>;
    };
    let components: { schemas: Record<string, JsonSchema> };

    before(async () => {
      app = await startTestApp(backend);
      dir = mkdtempSync(join(tmpdir(), 'kanava-client-'));
      const served = (await (await app.request('/api/openapi.json')).json()) as typeof document & { components: typeof components };
      document = served;
      components = served.components;
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await app.close();
    });

    test('type-checks, and reads the inbox and an error from the running server', async () => {
      const diagnostics = await buildClient(dir, document);
      assert.deepEqual(diagnostics, [], 'the client type-checks against the generated types');

      const library = await buildLibrary(app.db);
      const staff = await buildAccount(app.db, library, { role: 'staff' });
      const client = (await import(pathToFileURL(join(dir, 'client.mjs')).href)) as ClientModule;
      const result = await client.inboxOf(app.baseUrl, library.slug, staff.email, staff.password);

      assert.equal(result.refusal?.code, 'unauthenticated');
      assert.equal(typeof result.refusal?.message, 'string');
      assert.equal(result.role, 'staff');
      assert.equal(result.nextCursor, null);
      assert.deepEqual(result.items, [
        {
          id: result.conversationId,
          status: 'open',
          channel: 'chat',
          customerName: 'Aino Asiakas',
          assignee: null,
          lastSeq: 1,
          preview: 'Onko kirjasto auki lauantaina?',
        },
      ]);

      // The answers as the description says, to the last field.
      const listSchema = document.paths['/api/v1/conversations']?.get?.responses['200']?.content?.['application/json']?.schema;
      assert.ok(listSchema, 'the description gives the inbox answer a schema');
      const inbox = z.fromJSONSchema(listSchema).safeParse(result.raw.inbox);
      assert.ok(inbox.success, `the inbox answer matches the description: ${inbox.error?.message}`);
      assert.ok(components.schemas.Error, 'the description has the error schema');
      const refusal = z.fromJSONSchema(components.schemas.Error).safeParse(result.raw.refusal);
      assert.ok(refusal.success, `the error matches the description: ${refusal.error?.message}`);
    });
  });
}
