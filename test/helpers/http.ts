import { validateCtimBundle, validateReference } from '@app/ctim';
import { appendFileSync } from 'node:fs';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** One real HTTP request; the body is sent as given when it is a string. */
export async function request(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body =
    init.body === undefined || typeof init.body === 'string' || init.body instanceof Uint8Array
      ? init.body
      : JSON.stringify(init.body);
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (body !== undefined && typeof init.body !== 'string' && !('content-type' in headers)) {
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method: init.method ?? 'POST', body, headers });
  const text = await res.text();
  recordAnswer(url, res, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  checkCtim(url, parsed);
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/**
 * Every answer of the relay's CTIM endpoints, in every e2e test, is held to the CTIM JSON
 * Schemas of libs/ctim (contract §9.4): an entity that does not fit fails the test that got it.
 */
function checkCtim(url: string, body: unknown): void {
  const data = (body as { data?: unknown } | undefined)?.data;
  if (data === undefined) return;
  const path = new URL(url).pathname.replace(/\/+$/, '');
  const problems =
    path === '/observe/observables' || path === '/deliberate/observables'
      ? validateCtimBundle(data).errors
      : path === '/refer/observables' && Array.isArray(data)
        ? data.flatMap((r) => validateReference(r).errors)
        : [];
  if (problems.length > 0) {
    throw new Error(`${path} answered entities outside the CTIM schemas: ${problems.join('; ')}`);
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** With E2E_ANSWERS_FILE set, every answer's headers and body are kept for the secrets audit. */
function recordAnswer(url: string, res: Response, text: string): void {
  const file = process.env.E2E_ANSWERS_FILE;
  // The simulator's token minting and JWKS answer with tokens and keys by design.
  if (!file || /\/(_sim|\.well-known)\//.test(url)) return;
  appendFileSync(file, `${JSON.stringify([...res.headers.entries()])}\n${text}\n`);
}
