// `npm run bench [-- name ...]` runs the named benchmarks (default: all) and prints one JSON
// object per benchmark on stdout. Each benchmark module exports `run(args)` returning figures.
interface Bench {
  run: (args: string[]) => Promise<unknown>;
}
// Loaded by URL so a benchmark that is not in this checkout yet is reported, not a crash.
const load = (file: string) => async (): Promise<Bench> => (await import(new URL(file, import.meta.url).href)) as Bench;
const benches: Record<string, () => Promise<Bench>> = {
  bot: load('./bot.js'),
  chat: load('./chat.js'),
  email: load('./email.js'),
  'rate-limit': load('./rate-limit.js'),
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const names = requested.length > 0 ? requested : Object.keys(benches);
for (const name of names) {
  const loadBench = benches[name];
  if (!loadBench) {
    process.stderr.write(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}\n`);
    process.exitCode = 2;
    continue;
  }
  let bench: Bench;
  try {
    bench = await loadBench();
  } catch (error) {
    process.stderr.write(`benchmark "${name}" is not available: ${(error as Error).message}\n`);
    process.exitCode = 1;
    continue;
  }
  const figures = await bench.run(flags);
  process.stdout.write(`${JSON.stringify({ bench: name, ...(figures as object) }, null, 2)}\n`);
}
