// Lints the OpenAPI description the server serves with Redocly CLI and its recommended
// rules, warnings counted as errors (redocly.yaml). Runs offline: no telemetry, no update
// check, no remote rulesets. Part of `npm run lint`; alone: `npm run lint:openapi`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openApiDocument } from './document.js';

const root = resolve(new URL('../../', import.meta.url).pathname);
const dir = mkdtempSync(join(tmpdir(), 'kanava-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
  const redocly = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  const result = spawnSync(process.execPath, [redocly, 'lint', file, '--config', join(root, 'redocly.yaml')], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
