// ESLint rule: who may import whom (docs/decisions/0005-boundaries-and-contract.md). A relative import is
// resolved to the file it names, both ends are classified by where they live, and a
// forbidden import is reported with the way to go instead. Written here rather than taken
// from a plugin because it needs no module resolver (imports name `.js` files that are `.ts`
// sources) and its messages can say what to import instead.
import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');

/** Where a file lives: its layer, and for a domain its name and path inside the domain. */
export function classify(absolutePath) {
  const path = relative(root, absolutePath).split(sep).join('/');
  if (path.startsWith('..')) return { layer: 'outside', path };
  const [top, second, third] = path.split('/');
  if (top !== 'src') return { layer: 'other', path };
  if (second === 'contract') return { layer: 'contract', path };
  if (second === 'platform') return { layer: 'platform', path };
  if (second === 'domains' && path.split('/').length > 3) {
    return { layer: 'domain', domain: third, inner: path.split('/').slice(3).join('/'), path };
  }
  if (second === 'domains') return { layer: 'domains-root', path };
  if (second === 'web') return { layer: 'web', path };
  if (second === 'widget') return { layer: 'widget', path };
  if (second === 'i18n') return { layer: 'i18n', path };
  // src/server, src/cli, src/seed, src/main.ts: the assembly, which may use everything.
  return { layer: 'assembly', path };
}

/** A domain's public surface: what another domain may import from it. */
const PUBLIC_FILE = /(^|\/)((\w+-)?service|schema|events)\.ts$/;
/** Route modules (HTTP routes, socket routes): they call services, never a store. */
const ROUTES_FILE = /(^|\/)(\w+-)?(routes|socket)\.ts$/;
const STORE_FILE = /(^|\/)store\.ts$/;

/** Why `from` may not import `to`, and what to do instead; null when it may. */
export function violation(from, to) {
  switch (from.layer) {
    case 'contract':
      if (to.layer !== 'contract') {
        return `src/contract/ is the browser-safe wire contract: it imports only zod and other contract files, not ${to.path}.`;
      }
      return null;
    case 'platform':
      if (to.layer === 'domain') {
        return `src/platform/ knows no domain (${to.path}): let the domain register with the platform (events, codecs, routes), or move the code into the domain.`;
      }
      if (to.layer === 'assembly' || to.layer === 'web' || to.layer === 'widget') {
        return `src/platform/ may not import ${to.path}: it imports only other platform files and src/contract/.`;
      }
      return null;
    case 'domain':
      if (to.layer === 'assembly') {
        return `A domain never imports the app assembly (${to.path}): what routes need from HTTP is in src/platform/http/, and a dependency comes in through the routes' deps type.`;
      }
      if (to.layer === 'web' || to.layer === 'widget')
        return `A domain may not import front-end code (${to.path}); shared shapes belong in src/contract/.`;
      if (to.layer === 'domain' && to.domain === from.domain && ROUTES_FILE.test(from.inner) && STORE_FILE.test(to.inner)) {
        return `Routes call the service, which calls the store: move the query behind a function in the ${from.domain} service instead of importing ${to.path}.`;
      }
      if (to.layer === 'domain' && to.domain !== from.domain && !PUBLIC_FILE.test(to.inner)) {
        return `The ${from.domain} domain reaches ${to.domain} only through its service (service.ts, *-service.ts), schema.ts or events.ts, not ${to.path}: add what you need to src/domains/${to.domain}/service.ts.`;
      }
      return null;
    case 'web':
    case 'widget': {
      const own = from.layer;
      if (to.layer !== own && to.layer !== 'contract' && to.layer !== 'i18n') {
        return `src/${own}/ runs in the browser: it imports only its own files, src/contract/ and the i18n catalogues, not ${to.path}.`;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Packages each layer that runs in the browser may use (a prefix ending in / covers a package's subpaths). */
const BROWSER_PACKAGES = {
  contract: ['zod'],
  // React Aria Components and lucide-react icons: docs/decisions/0006-staff-app-components.md.
  web: ['react', 'react/', 'react-dom', 'react-dom/', 'intl-messageformat', 'react-aria-components', 'lucide-react'],
  widget: ['lit', 'lit/'],
};
/** Contract files with no zod at run time: the only ones a front end may import values from. */
const ZOD_FREE_CONTRACT = /^src\/contract\/(kinds|languages|weekdays|frames)\.ts$/;

function packageAllowed(layer, spec) {
  const allowed = BROWSER_PACKAGES[layer];
  if (!allowed) return true;
  return allowed.some((p) => (p.endsWith('/') ? spec.startsWith(p) : spec === p));
}

/** Whether the import brings in types only, so nothing of the target reaches a bundle. */
function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  return node.type === 'TSImportType';
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import boundaries between contract, platform, domains, assembly and front ends' },
    schema: [],
    messages: { boundary: '{{reason}}' },
  },
  create(context) {
    const filename = context.filename;
    const from = classify(filename);
    // Tests may reach into any layer to arrange and inspect what they test; the front ends'
    // build configurations run in Node.
    if (from.layer === 'other' || from.layer === 'outside' || /\.test\.tsx?$|vite\.config\.ts$/.test(filename)) return {};

    function reasonFor(node, spec) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const to = classify(resolve(dirname(filename), spec).replace(/\.js$/, '.ts'));
        const reason = violation(from, to);
        if (reason) return reason;
        if (
          (from.layer === 'web' || from.layer === 'widget') &&
          to.layer === 'contract' &&
          !ZOD_FREE_CONTRACT.test(to.path) &&
          !typeOnly(node)
        ) {
          return `src/${from.layer}/ takes only types from ${to.path} (import type): its values are zod schemas, which would enter the bundle. Values for the browser are in kinds.ts, languages.ts, weekdays.ts and frames.ts.`;
        }
        return null;
      }
      if (!packageAllowed(from.layer, spec)) {
        return `src/${from.layer}/ runs in the browser and may use only ${BROWSER_PACKAGES[from.layer].join(', ')}, not the package ${spec}.`;
      }
      return null;
    }
    function check(node, source) {
      const spec =
        source?.type === 'Literal' && typeof source.value === 'string'
          ? source.value
          : source?.type === 'TemplateLiteral' && source.expressions.length === 0
            ? source.quasis[0].value.cooked
            : null;
      if (spec === null) return;
      const reason = reasonFor(node, spec);
      if (reason) context.report({ node: source, messageId: 'boundary', data: { reason } });
    }
    return {
      Program(node) {
        if (from.layer === 'domains-root') {
          const reason =
            'A file directly in src/domains/ belongs to no domain: move it into the domain that owns it, or into src/platform/ if every domain uses it.';
          context.report({ node, messageId: 'boundary', data: { reason } });
        }
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      // type X = import('…').Y
      // (typescript-eslint 8 names the module `source`; older versions only `argument`.)
      TSImportType: (node) => check(node, node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : null)),
      // import x = require('…')
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node, node.moduleReference.expression),
      // declare module '…' { … } (augmenting another layer's module)
      TSModuleDeclaration: (node) => node.id.type === 'Literal' && /^[./]/.test(String(node.id.value)) && check(node, node.id),
    };
  },
};

export default { rules: { 'import-boundaries': rule } };
