// Builds the front ends that exist in this checkout (staff app, chat widget) with Vite.
// A front end whose sources are not there yet is reported and skipped, so the server
// still starts; the server answers its pages with a "not built" message.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const frontEnds = [
  { name: 'staff app', config: 'src/web/vite.config.ts' },
  { name: 'chat widget', config: 'src/widget/vite.config.ts' },
];

for (const { name, config } of frontEnds) {
  if (!existsSync(new URL(config, `file://${root}`))) {
    console.warn(`build: ${name} skipped (${config} not found)`);
    continue;
  }
  // Always the production build, also when the test runner (NODE_ENV=test) builds it: browser
  // tests must exercise what users get, not React's development build.
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
