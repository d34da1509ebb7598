#!/usr/bin/env node
// Installed entry point: runs the compiled server (dist/server/, made by `npm run build`)
// with plain node — no TypeScript loader, no build tool. From a checkout, the sources run
// with `npm run -s kanava -- <command>` instead.
import { existsSync } from 'node:fs';

const main = new URL('../dist/server/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'kanava: this copy of Kanava is not built (dist/server/main.js is missing).\n' +
      'Run "npm run build" first, or from a checkout run the sources with "npm run -s kanava -- <command>".\n',
  );
  process.exit(1);
}
await import(main.href);
