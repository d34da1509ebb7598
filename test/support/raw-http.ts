// HTTP requests sent as written: the path is not normalised (like `curl --path-as-is`), so
// tests can send `//`, dot segments and bad percent-encoding the way a hostile client does.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The connection closed before the whole body came (the server answered a request it did not read to the end). */
  truncated: boolean;
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
    let answered: (() => void) | undefined;
    const req = request(
      { host: url.hostname, port: url.port, path: sendablePath(path), method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        answered = () => {
          const body = Buffer.concat(chunks);
          const truncated = body.length < Number(res.headers['content-length'] ?? 0);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString('utf8'), truncated });
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', answered);
        res.on('error', answered);
      },
    );
    // The server may answer and close before the whole request was written (a refused
    // request): the answer counts, the broken pipe after it does not.
    req.on('error', (error) => (answered ? answered() : reject(error)));
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
