// HTTP requests sent as written: the path is not normalised (like `curl --path-as-is`), so
// tests can send `//`, dot segments and bad percent-encoding the way a hostile client does.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

// Node refuses to send a path with control characters, spaces or characters above U+00FF;
// those are percent-encoded, everything else (including a stray `%`) goes as it is.
const UNSENDABLE = /[^\u0021-\u00ff]/gu;

export function sendablePath(path: string): string {
  return path.replace(UNSENDABLE, (c) => encodeURIComponent(c));
}

export function rawRequest(
  baseUrl: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: sendablePath(path), method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Asserts nothing; parses an answer in the one error shape, or returns null when it is not one. */
export function errorShape(response: RawResponse): { code: string; message: string } | null {
  try {
    const body = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = body.error ?? {};
    return typeof code === 'string' && typeof message === 'string' && message.length > 0 ? { code, message } : null;
  } catch {
    return null;
  }
}
