import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One answer, with the time from sending the request to its last byte. */
export interface JsonAnswer {
  status: number;
  body: unknown;
  ms: number;
}

/** Options of one request. */
export interface JsonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

// One kept-alive connection per host: batch timings never include a TCP handshake.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * A JSON request over loopback HTTP; the body is parsed after the clock stops.
 * @throws Error on a socket error, a timeout (default 120 s) or a body that is not JSON.
 */
export async function requestJson(url: string, options: JsonRequest = {}): Promise<JsonAnswer> {
  const answer = await requestText(url, options);
  try {
    return { status: answer.status, body: JSON.parse(answer.text), ms: answer.ms };
  } catch {
    throw new Error(`${url} answered ${answer.status} with a body that is not JSON`);
  }
}

/**
 * The same request, its body as text (e.g. `/metrics`).
 * @throws Error on a socket error or a timeout (default 120 s).
 */
export function requestText(
  url: string,
  options: JsonRequest = {},
): Promise<{ status: number; text: string; ms: number }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { ...options.headers };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: options.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const ms = performance.now() - started;
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms });
      });
    });
    req.setTimeout(options.timeoutMs ?? 120_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Closes the kept-alive connections so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
