// `kanava start`: migrate, seed the demo library into an empty database, serve.
import { loadConfig } from '../platform/config.js';
import { startRuntime } from '../server/runtime.js';
import { DEMO_PASSWORD, DEMO_SLUG, demoAccounts, seedDemo } from '../seed/demo.js';

export async function startCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(
      'Usage: kanava start\nStarts Kanava. Environment: PORT, HOST, DATABASE_URL, KANAVA_DATA_DIR, KANAVA_PUBLIC_URL.\n',
    );
    return 0;
  }
  const config = loadConfig();
  const runtime = await startRuntime(config);
  if (config.seedDemo) await seedDemo(runtime.database.db);
  const address = await runtime.app.listen({ port: config.port, host: config.host });
  const base = config.publicUrl ?? address.replace('127.0.0.1', 'localhost');
  const where = runtime.database.backend === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  process.stdout.write(
    [
      '',
      `Kanava is running (${where}).`,
      `  Staff app:        ${base}/app/`,
      `  Chat widget demo: ${base}/demo/${DEMO_SLUG}`,
      `  API description:  ${base}/api/openapi.json`,
      config.seedDemo ? `  Sign in as ${demoAccounts.map((a) => a.email).join(', ')}\n  with the demo password: ${DEMO_PASSWORD}` : '',
      '',
    ].join('\n'),
  );
  // Without its database the process can only fail requests; exit so that a supervisor
  // (systemd, a container runtime) restarts it on the data that was acknowledged.
  runtime.database.onFailure((error) => {
    runtime.app.log.fatal({ err: error }, 'the embedded database stopped; exiting');
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.app.log.info({ signal }, 'shutting down');
    runtime.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return new Promise<number>(() => undefined);
}
