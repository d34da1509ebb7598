// The embedded database worker's script. Compiled (dist/server/, where the build copies this
// file), the worker's JavaScript sits beside it. From the sources the worker starts without
// the TypeScript loader the main thread has: register it, then load the TypeScript worker.
import { existsSync } from 'node:fs';

const compiled = new URL('./pglite-worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./pglite-worker.ts');
}
