// The OpenAPI description as the server serves it at /api/openapi.json, from an app started
// on an empty in-memory database (nothing is listened on, nothing is seeded).
//
// Usage: node --import tsx scripts/openapi/document.ts [<output.json>]   (stdout without a path)
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/platform/config.js';
import { startRuntime } from '../../src/server/runtime.js';

/** The served description; `env` as the server's environment (e.g. KANAVA_PUBLIC_URL). */
export async function openApiDocument(env: Record<string, string> = {}): Promise<unknown> {
  const config = loadConfig({ LOG_LEVEL: 'silent', KANAVA_SEED_DEMO: '0', ...env });
  const runtime = await startRuntime(config, { kind: 'pglite-memory' });
  try {
    await runtime.app.ready();
    return runtime.app.swagger();
  } finally {
    await runtime.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const document = JSON.stringify(await openApiDocument(), null, 2) + '\n';
  const output = process.argv[2];
  if (output) writeFileSync(output, document);
  else process.stdout.write(document);
}
