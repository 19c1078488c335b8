// Request and response examples of the OpenAPI document, taken from the simulator's corpus
// and the contract's error catalogue (contract §3.3), so they read like real exchanges.

type Examples = Record<string, { summary: string; value: unknown }>;

const fatal = (code: string, message: string) => ({ errors: [{ code, message, type: 'fatal' }] });

export const INVALID_PAYLOAD = fatal(
  'invalid payload received',
  'Invalid JSON payload received. {"0": {"value": ["Missing data for required field."]}}.',
);

export const AUTHORIZATION_ERROR = fatal(
  'authorization error',
  'Authorization failed: Authorization header is missing',
);

export const OBSERVABLES_REQUEST: Examples = {
  ip: { summary: 'One IP', value: [{ type: 'ip', value: '198.51.100.10' }] },
  mixed: {
    summary: 'Several types; email is only referred, other CTIM types are skipped',
    value: [
      { type: 'domain', value: 'malware-drop.example' },
      { type: 'sha256', value: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' },
      { type: 'email', value: 'phish@malware-drop.example' },
    ],
  },
};

const SIGHTING = {
  type: 'sighting',
  id: 'transient:sighting-1b0c2e52-8f1d-4c38-9a43-5f0b7f3c1a11',
  source: 'AlienVault OTX',
  title: 'Qakbot infrastructure',
  observables: [{ type: 'ip', value: '198.51.100.10' }],
  observed_time: { start_time: '2024-01-18T22:05:49Z', end_time: '2024-01-18T22:05:49Z' },
};

export const OBSERVE_RESPONSES: Examples = {
  found: {
    summary: 'Sightings, indicators and relationships (shortened)',
    value: { data: { sightings: { count: 1, docs: [SIGHTING] } } },
  },
  nothing: { summary: 'Nothing found', value: { data: {} } },
  partial: {
    summary: 'Partial data: what was found, and what failed',
    value: {
      data: { sightings: { count: 1, docs: [SIGHTING] } },
      errors: [
        {
          code: 'oops',
          message: 'Something went wrong. Reason: 500 Internal Server Error.',
          type: 'warning',
        },
      ],
    },
  },
  invalidPayload: { summary: 'Invalid body (checked before the token)', value: INVALID_PAYLOAD },
  authorizationError: { summary: 'Missing or bad token', value: AUTHORIZATION_ERROR },
};

export const REFER_RESPONSES: Examples = {
  references: {
    summary: 'One link per supported observable',
    value: {
      data: [
        {
          id: 'ref-avotx-search-ip-198.51.100.10',
          title: 'Search for this IP',
          description: 'Lookup this IP on AlienVault OTX',
          url: 'https://otx.alienvault.com/indicator/ip/198.51.100.10',
          categories: ['Search', 'AlienVault OTX'],
        },
      ],
    },
  },
  invalidPayload: { summary: 'Invalid body', value: INVALID_PAYLOAD },
};

export const HEALTH_RESPONSES: Examples = {
  ok: { summary: 'OTX accepts the key', value: { data: { status: 'ok' } } },
  otxRefused: {
    summary: 'OTX refused the key',
    value: fatal(
      'authorization error',
      'Authorization failed: Authorization failed on AlienVault OTX side',
    ),
  },
  authorizationError: { summary: 'Missing or bad token', value: AUTHORIZATION_ERROR },
};

export const WATCHDOG_RESPONSES: Examples = {
  alive: { summary: 'The header echoed', value: { data: 'alive' } },
  missingHeader: {
    summary: 'No Health-Check header',
    value: fatal('health check failed', 'Invalid Health Check'),
  },
};

export const ERROR_ENVELOPE_EXAMPLES: Examples = {
  invalidPayload: { summary: 'invalid payload received', value: INVALID_PAYLOAD },
  authorizationError: { summary: 'authorization error', value: AUTHORIZATION_ERROR },
};
