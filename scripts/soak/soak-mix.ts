import type { Request as CannonRequest } from 'autocannon';
import type { BenchObservable } from '../bench/bench-stack';

/** What an answer must look like to count as valid. */
type Expectation =
  /** HTTP 200 with `{data}`, `{errors}` or both, as the endpoint allows; `code`: that error only. */
  | { kind: 'envelope'; data: (data: unknown) => boolean; errors: boolean; code?: string }
  | { kind: 'version' }
  | { kind: 'watchdog'; value: string }
  /** The relay's JSON answer to a deliberate routing error. */
  | { kind: 'routing'; status: 404 | 405 };

/** Answers to one entry of the mix. */
export interface MixTally {
  label: string;
  answers: number;
  invalid: number;
}

/** Answers of the whole run, per entry of the mix, with the first invalid ones kept. */
export interface SoakTally {
  entries: MixTally[];
  invalidSamples: string[];
}

/** Fixture observables: found, failing by design (500, partial pulses, page 404) and skipped. */
const FIXTURES = [
  { type: 'ip', value: '198.51.100.10' },
  { type: 'domain', value: 'malware-drop.example' },
  { type: 'ip', value: '203.0.113.50' },
  { type: 'ip', value: '198.51.100.40' },
  { type: 'ip', value: '198.51.100.41' },
  { type: 'ip', value: '198.51.100.250' },
  { type: 'email', value: 'phish@malware-drop.example' },
];
const SAMPLES_KEPT = 10;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const OBSERVE_COLLECTIONS = ['sightings', 'indicators', 'relationships', 'judgements', 'verdicts'];
const observeData = (d: unknown) =>
  isObject(d) && Object.keys(d).every((k) => OBSERVE_COLLECTIONS.includes(k));
const deliberateData = (d: unknown) => isObject(d) && Object.keys(d).every((k) => k === 'verdicts');
const referData = (d: unknown) => Array.isArray(d);
const healthData = (d: unknown) => isObject(d) && d.status === 'ok';
const noData = () => false;

/** Why an answer breaks its expectation, or undefined when it is valid. */
export function invalidity(expect: Expectation, status: number, text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (!isObject(body)) return 'body is not a JSON object';
  const keys = Object.keys(body).sort().join(',');
  switch (expect.kind) {
    case 'version':
      return status === 200 && keys === 'version' && typeof body.version === 'string'
        ? undefined
        : 'not {version}';
    case 'watchdog':
      return status === 200 && keys === 'data' && body.data === expect.value
        ? undefined
        : 'not the Health-Check value';
    case 'routing':
      return status === expect.status && body.code === expect.status
        ? undefined
        : 'not the routing error';
    case 'envelope':
      return envelopeInvalidity(expect, status, body, keys);
  }
}

function envelopeInvalidity(
  expect: Extract<Expectation, { kind: 'envelope' }>,
  status: number,
  body: Record<string, unknown>,
  keys: string,
): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  if (!['data', 'errors', 'data,errors'].includes(keys)) return `keys ${keys}`;
  if ('data' in body && !expect.data(body.data)) return 'data not allowed here';
  if ('errors' in body) {
    if (!expect.errors && expect.code === undefined) return 'errors not allowed here';
    const errors = body.errors;
    if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty array';
    const wellFormed = errors.every(
      (e) =>
        isObject(e) &&
        typeof e.code === 'string' &&
        typeof e.message === 'string' &&
        typeof e.type === 'string',
    );
    if (!wellFormed) return 'an error lacks code, message or type';
  }
  if (expect.code !== undefined) {
    const first = (body.errors as { code?: unknown }[] | undefined)?.[0]?.code;
    if ('data' in body || first !== expect.code) return `expected only the error ${expect.code}`;
  }
  return undefined;
}

/**
 * The sequence every connection loops over: observe (fresh bench observables that make OTX
 * calls, fixtures that fail by design, a cached one), deliberate, refer, health, version,
 * watchdog, invalid payloads, bad tokens, an unknown path and a wrong method. Each answer is
 * checked.
 */
export function soakMix(
  token: string,
  corpus: BenchObservable[],
  tally: SoakTally,
): CannonRequest[] {
  let next = 0;
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${token}` };
  const anyEnvelope = (data: (d: unknown) => boolean): Expectation => ({
    kind: 'envelope',
    data,
    errors: true,
  });
  const refused = (code: string): Expectation => ({
    kind: 'envelope',
    data: noData,
    errors: false,
    code,
  });
  const referOk: Expectation = { kind: 'envelope', data: referData, errors: false };
  const entries: {
    label: string;
    method: 'GET' | 'POST';
    path: string;
    headers: Record<string, string>;
    body?: string;
    fresh?: boolean;
    expect: Expectation;
  }[] = [
    ...Array.from({ length: 5 }, () => ({
      label: 'observe, 1 fresh observable',
      method: 'POST' as const,
      path: '/observe/observables',
      headers: auth,
      fresh: true,
      expect: anyEnvelope(observeData),
    })),
    {
      label: 'observe, 7 fixtures (500, partial, page 404, email…)',
      method: 'POST',
      path: '/observe/observables',
      headers: auth,
      body: JSON.stringify(FIXTURES),
      expect: anyEnvelope(observeData),
    },
    {
      label: 'observe, 1 cached',
      method: 'POST',
      path: '/observe/observables',
      headers: auth,
      body: JSON.stringify(FIXTURES.slice(0, 1)),
      expect: anyEnvelope(observeData),
    },
    {
      label: 'deliberate, 7 fixtures',
      method: 'POST',
      path: '/deliberate/observables',
      headers: auth,
      body: JSON.stringify(FIXTURES),
      expect: anyEnvelope(deliberateData),
    },
    ...Array.from({ length: 2 }, () => ({
      label: 'refer, 7 observables',
      method: 'POST' as const,
      path: '/refer/observables',
      headers: json,
      body: JSON.stringify(FIXTURES),
      expect: referOk,
    })),
    {
      label: 'health',
      method: 'POST',
      path: '/health',
      headers: auth,
      expect: anyEnvelope(healthData),
    },
    {
      label: 'version',
      method: 'POST',
      path: '/version',
      headers: {},
      expect: { kind: 'version' },
    },
    {
      label: 'watchdog',
      method: 'GET',
      path: '/watchdog',
      headers: { 'health-check': 'soak' },
      expect: { kind: 'watchdog', value: 'soak' },
    },
    {
      label: 'watchdog without Health-Check',
      method: 'GET',
      path: '/watchdog',
      headers: {},
      expect: refused('health check failed'),
    },
    {
      label: 'observe, body not JSON',
      method: 'POST',
      path: '/observe/observables',
      headers: auth,
      body: '[{"type": "ip", ',
      expect: refused('invalid payload received'),
    },
    {
      label: 'observe, item without value',
      method: 'POST',
      path: '/observe/observables',
      headers: auth,
      body: '[{"type": "ip"}]',
      expect: refused('invalid payload received'),
    },
    {
      label: 'deliberate, item without value',
      method: 'POST',
      path: '/deliberate/observables',
      headers: auth,
      body: '[{"type": "ip"}]',
      expect: refused('invalid payload received'),
    },
    {
      label: 'refer, an object',
      method: 'POST',
      path: '/refer/observables',
      headers: json,
      body: '{"type": "ip", "value": "198.51.100.10"}',
      expect: refused('invalid payload received'),
    },
    {
      label: 'observe, forged token',
      method: 'POST',
      path: '/observe/observables',
      headers: { ...json, authorization: `Bearer ${token.slice(0, -4)}AAAA` },
      body: JSON.stringify(FIXTURES.slice(0, 1)),
      expect: refused('authorization error'),
    },
    {
      label: 'health, no token',
      method: 'POST',
      path: '/health',
      headers: {},
      expect: refused('authorization error'),
    },
    {
      label: 'unknown path (404)',
      method: 'GET',
      path: '/soak/unknown',
      headers: {},
      expect: { kind: 'routing', status: 404 },
    },
    {
      label: 'wrong method (405)',
      method: 'POST',
      path: '/watchdog',
      headers: {},
      expect: { kind: 'routing', status: 405 },
    },
  ];
  const byLabel = new Map<string, MixTally>();
  for (const e of entries) {
    if (!byLabel.has(e.label)) byLabel.set(e.label, { label: e.label, answers: 0, invalid: 0 });
  }
  tally.entries.push(...byLabel.values());
  return entries.map((e) => {
    const counts = byLabel.get(e.label) as MixTally;
    return {
      method: e.method,
      path: e.path,
      headers: e.headers,
      body: e.body,
      ...(e.fresh
        ? {
            setupRequest: (request: CannonRequest) => ({
              ...request,
              body: JSON.stringify([corpus[next++ % corpus.length]]),
            }),
          }
        : {}),
      onResponse: (status: number, body: string) => {
        counts.answers++;
        const why = invalidity(e.expect, status, body);
        if (why === undefined) return;
        counts.invalid++;
        if (tally.invalidSamples.length < SAMPLES_KEPT) {
          tally.invalidSamples.push(`${e.label}: ${why}: HTTP ${status} ${body.slice(0, 300)}`);
        }
      },
    };
  });
}
