// Request and response examples of the OpenAPI document, taken from the simulator's corpus
// and the contract's error catalogue (contract §3.3), so they read like real exchanges.
import { RELAY_ERROR_CODES } from '../errors/relay-errors';

type Examples = Record<string, { summary: string; value: unknown }>;

const fatal = (code: string, message: string) => ({ errors: [{ code, message, type: 'fatal' }] });

/** Partial data: what was found, beside a warning. */
const partial = (data: unknown, code: string, message: string) => ({
  data,
  errors: [{ code, message, type: 'warning' }],
});

export const INVALID_PAYLOAD = fatal(
  RELAY_ERROR_CODES.invalidPayload,
  'Invalid JSON payload received. {"0": {"value": ["Missing data for required field."]}}.',
);

export const AUTHORIZATION_ERROR = fatal(
  RELAY_ERROR_CODES.authorization,
  'Authorization failed: Authorization header is missing',
);

// What a route that checks its body, then the token, answers to either failing (contract §4.1).
const BODY_THEN_TOKEN_ERRORS: Examples = {
  invalidPayload: { summary: 'Invalid body (checked before the token)', value: INVALID_PAYLOAD },
  authorizationError: { summary: 'Missing or bad token', value: AUTHORIZATION_ERROR },
};

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

const VALID_TIME = { start_time: '2024-05-02T09:15:00.000Z', end_time: '2024-05-09T09:15:00.000Z' };

const JUDGEMENT = {
  type: 'judgement',
  id: 'transient:judgement-6f7c3d9e-2b1a-4c5d-8e9f-0a1b2c3d4e5f',
  schema_version: '1.0.17',
  source: 'AlienVault OTX',
  source_uri: 'https://otx.alienvault.com/indicator/ip/198.51.100.60',
  observable: { type: 'ip', value: '198.51.100.60' },
  disposition: 2,
  disposition_name: 'Malicious',
  priority: 90,
  confidence: 'High',
  severity: 'High',
  valid_time: VALID_TIME,
  reason:
    'OTX: 3 pulses by 3 authors, latest modified 2024-04-29; 3 pulses modified within 365 days, ' +
    'at least 2 distinct authors; not allow-listed. Authors: c2_hunter, example_researcher, ' +
    'soc_feed',
  reason_uri: 'https://otx.alienvault.com/indicator/ip/198.51.100.60',
  tlp: 'amber',
};

const VERDICT = {
  type: 'verdict',
  disposition: 2,
  disposition_name: 'Malicious',
  observable: { type: 'ip', value: '198.51.100.60' },
  valid_time: VALID_TIME,
};

export const OBSERVE_RESPONSES: Examples = {
  found: {
    summary: 'Sightings, indicators, relationships, judgements and verdicts (shortened)',
    value: {
      data: {
        sightings: { count: 1, docs: [SIGHTING] },
        judgements: { count: 1, docs: [JUDGEMENT] },
        verdicts: {
          count: 1,
          docs: [{ ...VERDICT, judgement_id: JUDGEMENT.id }],
        },
      },
    },
  },
  nothing: { summary: 'Nothing found', value: { data: {} } },
  partial: {
    summary: 'Partial data: what was found, and what failed',
    value: partial(
      { sightings: { count: 1, docs: [SIGHTING] } },
      RELAY_ERROR_CODES.oops,
      'Something went wrong. Reason: 500 Internal Server Error.',
    ),
  },
  ...BODY_THEN_TOKEN_ERRORS,
};

export const DELIBERATE_RESPONSES: Examples = {
  verdicts: {
    summary: 'One verdict per observable OTX gives evidence about',
    value: { data: { verdicts: { count: 1, docs: [VERDICT] } } },
  },
  nothing: { summary: 'No evidence either way: no verdict', value: { data: {} } },
  withheld: {
    summary: 'Pulses above OTX_MAX_TLP were left out, and counted',
    value: partial(
      {
        verdicts: {
          count: 1,
          docs: [{ ...VERDICT, disposition: 3, disposition_name: 'Suspicious' }],
        },
      },
      RELAY_ERROR_CODES.pulsesWithheld,
      '1 pulse above OTX_MAX_TLP (amber) was left out of this answer.',
    ),
  },
  ...BODY_THEN_TOKEN_ERRORS,
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
      RELAY_ERROR_CODES.authorization,
      'Authorization failed: Authorization failed on AlienVault OTX side',
    ),
  },
  authorizationError: { summary: 'Missing or bad token', value: AUTHORIZATION_ERROR },
};

export const WATCHDOG_RESPONSES: Examples = {
  alive: { summary: 'The header echoed', value: { data: 'alive' } },
  missingHeader: {
    summary: 'No Health-Check header',
    value: fatal(RELAY_ERROR_CODES.healthCheck, 'Invalid Health Check'),
  },
};

export const ERROR_ENVELOPE_EXAMPLES: Examples = {
  invalidPayload: { summary: RELAY_ERROR_CODES.invalidPayload, value: INVALID_PAYLOAD },
  authorizationError: { summary: RELAY_ERROR_CODES.authorization, value: AUTHORIZATION_ERROR },
};
