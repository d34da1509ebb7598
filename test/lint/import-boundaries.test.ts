// The import boundaries are enforced by `npm run lint`: deliberate violations in each layer
// fail the project's own ESLint configuration with the boundary rule's message, and the
// imports the architecture allows pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = new URL('../..', import.meta.url).pathname;
// The project's own configuration; the probes exist only in memory, so the type-aware parse
// (which reads files from disk) and the rules that need it are turned off for them.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
  },
});

/** The boundary messages ESLint gives `code` as if it were the file at `path`. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  assert.ok(result, 'eslint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], 'the probe file must parse');
  return result.messages.filter((m) => m.ruleId === 'kanava/import-boundaries').map((m) => m.message);
}

const violations: { name: string; path: string; code: string; says: RegExp }[] = [
  {
    name: 'the platform imports a domain',
    path: 'src/platform/boundary-probe.ts',
    code: "import { getConversation } from '../domains/conversations/service.js';\nexport const probe = getConversation;\n",
    says: /src\/platform\/ knows no domain/,
  },
  {
    name: 'a domain imports the app assembly',
    path: 'src/domains/customers/boundary-probe.ts',
    code: "import type { AppDeps } from '../../server/context.js';\nexport type Probe = AppDeps;\n",
    says: /never imports the app assembly/,
  },
  {
    name: "a domain imports another domain's store",
    path: 'src/domains/customers/boundary-probe.ts',
    code: "import { listConversations } from '../conversations/store.js';\nexport const probe = listConversations;\n",
    says: /reaches conversations only through its service/,
  },
  {
    name: "a domain imports another domain's presenter",
    path: 'src/domains/channels/chat/boundary-probe.ts',
    code: "import { presentMessage } from '../../conversations/presenter.js';\nexport const probe = presentMessage;\n",
    says: /reaches conversations only through its service/,
  },
  {
    name: "a domain's routes import its store",
    path: 'src/domains/customers/routes.ts',
    code: "import { findCustomer } from './store.js';\nexport const probe = findCustomer;\n",
    says: /Routes call the service, which calls the store/,
  },
  {
    name: "a socket route module imports its domain's store",
    path: 'src/domains/conversations/staff-socket.ts',
    code: "import { listMessages } from './store.js';\nexport const probe = listMessages;\n",
    says: /Routes call the service, which calls the store/,
  },
  {
    name: 'a domain reaches the assembly through a type import expression',
    path: 'src/domains/customers/boundary-probe.ts',
    code: "export type Probe = import('../../server/context.js').AppDeps;\n",
    says: /never imports the app assembly/,
  },
  {
    name: 'the platform loads a domain with a dynamic import',
    path: 'src/platform/boundary-probe.ts',
    code: 'export const probe = () => import(`../domains/conversations/service.js`);\n',
    says: /src\/platform\/ knows no domain/,
  },
  {
    name: 'a file lies directly in src/domains/',
    path: 'src/domains/boundary-probe.ts',
    code: 'export const probe = 1;\n',
    says: /belongs to no domain/,
  },
  {
    name: 'the widget takes a zod schema (a value) from the contract',
    path: 'src/widget/boundary-probe.ts',
    code: "import { messageView } from '../contract/conversations.js';\nexport const probe = messageView;\n",
    says: /takes only types from src\/contract\/conversations.ts/,
  },
  {
    name: 'the staff app uses a server package',
    path: 'src/web/boundary-probe.ts',
    code: "import { sql } from 'kysely';\nexport const probe = sql;\n",
    says: /runs in the browser and may use only/,
  },
  {
    name: 'the staff app imports server code',
    path: 'src/web/boundary-probe.ts',
    code: "import type { Presence } from '../platform/realtime/presence.js';\nexport type Probe = Presence;\n",
    says: /src\/web\/ runs in the browser/,
  },
  {
    name: 'the widget imports a domain',
    path: 'src/widget/boundary-probe.ts',
    code: "import type { MessageRowWithAuthor } from '../domains/conversations/presenter.js';\nexport type Probe = MessageRowWithAuthor;\n",
    says: /src\/widget\/ runs in the browser/,
  },
  {
    name: 'the contract imports the platform',
    path: 'src/contract/boundary-probe.ts',
    code: "import { AppError } from '../platform/errors.js';\nexport const probe = AppError;\n",
    says: /imports only zod and other contract files/,
  },
  {
    name: 'the contract imports a package other than zod',
    path: 'src/contract/boundary-probe.ts',
    code: "import { sql } from 'kysely';\nexport const probe = sql;\n",
    says: /src\/contract\/ runs in the browser and may use only zod, not the package kysely/,
  },
];

for (const { name, path, code, says } of violations) {
  test(`lint fails when ${name}`, async () => {
    const errors = await boundaryErrors(path, code);
    assert.equal(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
    assert.match(errors[0]!, says);
  });
}

test('lint allows what the architecture allows', async () => {
  const allowed: [string, string][] = [
    [
      'src/domains/channels/boundary-probe.ts',
      "import { postMessage } from '../conversations/service.js';\nexport const probe = postMessage;\n",
    ],
    [
      'src/domains/channels/boundary-probe.ts',
      "import type { RealtimeHub } from '../conversations/live-service.js';\nexport type Probe = RealtimeHub;\n",
    ],
    ['src/domains/customers/boundary-probe.ts', "import { findCustomer } from './store.js';\nexport const probe = findCustomer;\n"],
    [
      'src/platform/boundary-probe.ts',
      "import type { MessageView } from '../contract/conversations.js';\nexport type Probe = MessageView;\n",
    ],
    [
      'src/server/boundary-probe.ts',
      "import { listConversations } from '../domains/conversations/store.js';\nexport const probe = listConversations;\n",
    ],
    [
      'src/web/boundary-probe.ts',
      "import { CLOSE_UNAUTHENTICATED } from '../contract/frames.js';\nexport const probe = CLOSE_UNAUTHENTICATED;\n",
    ],
    [
      'src/widget/boundary-probe.ts',
      "import type { CustomerMessageView } from '../contract/conversations.js';\nexport type Probe = CustomerMessageView;\n",
    ],
    ['src/widget/boundary-probe.ts', "import { html } from 'lit';\nexport const probe = html;\n"],
    [
      'src/domains/accounts/boundary-probe.ts',
      "declare module '../../platform/events.js' {\n  interface DomainEventMap {\n    'probe.happened': { probeId: string };\n  }\n}\nexport {};\n",
    ],
  ];
  for (const [path, code] of allowed) assert.deepEqual(await boundaryErrors(path, code), [], `${path}: ${code}`);
});
