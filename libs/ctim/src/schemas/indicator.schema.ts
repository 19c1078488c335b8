import {
  DRAFT_07,
  SCHEMA_ID_BASE,
  entityProperties,
  highMedLow,
  severity,
  shortString,
  validTime,
} from './common.schema';

const INDICATOR_TYPES = [
  'Malicious E-mail',
  'IP Watchlist',
  'File Hash Watchlist',
  'Domain Watchlist',
  'URL Watchlist',
  'Malware Artifacts',
  'C2',
  'Anonymization',
  'Exfiltration',
  'Host Characteristics',
  'Compromised PKI Certificate',
  'Login Name',
  'IMEI Watchlist',
  'IMSI Watchlist',
  'Private Threat Feed',
] as const;

/**
 * JSON Schema (draft-07) of a CTIM Indicator (relay contract §9.3). A closed
 * subset of CTIM's: CTIM fields the relay never emits (`specification`,
 * `composite_indicator_expression`, `kill_chain_phases`, `test_mechanisms`,
 * `likely_impact`) are left out, so an unexpected field is an error.
 * `valid_time` start ≤ end is checked in code.
 */
export const INDICATOR_SCHEMA = {
  $schema: DRAFT_07,
  $id: `${SCHEMA_ID_BASE}indicator.json`,
  title: 'CTIM Indicator',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'schema_version', 'valid_time', 'producer'],
  properties: {
    ...entityProperties,
    type: { const: 'indicator' },
    valid_time: validTime,
    producer: shortString,
    confidence: highMedLow,
    severity,
    negate: { type: 'boolean' },
    indicator_type: { type: 'array', items: { enum: INDICATOR_TYPES } },
    tags: { type: 'array', items: shortString },
  },
} as const;
