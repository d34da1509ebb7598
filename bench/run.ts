// `npm run bench [-- name ...]` runs the named benchmarks (default: all) and prints one JSON
// object per benchmark on stdout. Each benchmark module exports `run(args)` returning figures.
const benches: Record<string, () => Promise<{ run: (args: string[]) => Promise<unknown> }>> = {
  bot: () => import('./bot.js'),
  chat: () => import('./chat.js'),
};

const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const names = requested.length > 0 ? requested : Object.keys(benches);
for (const name of names) {
  const load = benches[name];
  if (!load) {
    process.stderr.write(`unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}\n`);
    process.exitCode = 2;
    continue;
  }
  const figures = await (await load()).run(flags);
  process.stdout.write(`${JSON.stringify({ bench: name, ...(figures as object) }, null, 2)}\n`);
}
