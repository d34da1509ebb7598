// A stand-in for the PGlite worker that starts, then dies on the first query it is sent,
// as the real one would if PostgreSQL's WebAssembly aborted.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
parentPort.postMessage({ id: 0, ok: true, result: 'ready' });
